/**
 * The part of Phoenix's GraphQL schema the mock serves: users, roles and API keys. Names, nullability, argument
 * types and defaults are Phoenix's (20.26.1); every other Phoenix type and field is absent, so a query using one
 * fails validation.
 */
export const PHOENIX_AUTH_SDL = /* GraphQL */ `
  scalar DateTime

  interface Node {
    id: ID!
  }

  enum AuthMethod {
    LOCAL
    OAUTH2
    LDAP
  }

  enum UserRoleInput {
    ADMIN
    MEMBER
    VIEWER
  }

  type UserRole implements Node {
    id: ID!
    name: String!
  }

  type User implements Node {
    id: ID!
    passwordNeedsReset: Boolean!
    email: String
    username: String!
    profilePictureUrl: String
    createdAt: DateTime!
    authMethod: AuthMethod!
    role: UserRole!
    apiKeys: [UserApiKey!]!
    apiKeyCount: Int!
    isManagementUser: Boolean!
  }

  interface ApiKey {
    name: String!
    description: String
    createdAt: DateTime!
    expiresAt: DateTime
  }

  type UserApiKey implements ApiKey & Node {
    name: String!
    description: String
    createdAt: DateTime!
    expiresAt: DateTime
    id: ID!
    user: User!
  }

  type SystemApiKey implements ApiKey & Node {
    name: String!
    description: String
    createdAt: DateTime!
    expiresAt: DateTime
    id: ID!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type UserEdge {
    cursor: String!
    node: User!
  }

  type UserConnection {
    pageInfo: PageInfo!
    edges: [UserEdge!]!
  }

  type Query {
    users(first: Int = 50, last: Int, after: String, before: String): UserConnection!
    userRoles: [UserRole!]!
    userApiKeys: [UserApiKey!]!
    systemApiKeys: [SystemApiKey!]!
    node(id: ID!): Node!
    viewer: User
  }

  input CreateUserInput {
    email: String!
    username: String!
    password: String
    role: UserRoleInput!
    sendWelcomeEmail: Boolean = false
    authMethod: AuthMethod = LOCAL
  }

  input PatchUserInput {
    userId: ID!
    newRole: UserRoleInput
    newUsername: String
    newPassword: String
  }

  input PatchViewerInput {
    newUsername: String
    newPassword: String
    currentPassword: String
  }

  input DeleteUsersInput {
    userIds: [ID!]!
  }

  input CreateApiKeyInput {
    name: String!
    description: String
    expiresAt: DateTime
  }

  input CreateUserApiKeyInput {
    name: String!
    description: String
    expiresAt: DateTime
  }

  input DeleteApiKeyInput {
    id: ID!
  }

  type UserMutationPayload {
    user: User!
  }

  type DeleteUsersPayload {
    userIds: [ID!]!
  }

  type CreateSystemApiKeyMutationPayload {
    jwt: String!
    apiKey: SystemApiKey!
    query: Query!
  }

  type CreateUserApiKeyMutationPayload {
    jwt: String!
    apiKey: UserApiKey!
    query: Query!
  }

  type DeleteApiKeyMutationPayload {
    apiKeyId: ID!
    query: Query!
  }

  type Mutation {
    createSystemApiKey(input: CreateApiKeyInput!): CreateSystemApiKeyMutationPayload!
    createUserApiKey(input: CreateUserApiKeyInput!): CreateUserApiKeyMutationPayload!
    deleteSystemApiKey(input: DeleteApiKeyInput!): DeleteApiKeyMutationPayload!
    deleteUserApiKey(input: DeleteApiKeyInput!): DeleteApiKeyMutationPayload!
    createUser(input: CreateUserInput!): UserMutationPayload!
    patchUser(input: PatchUserInput!): UserMutationPayload!
    patchViewer(input: PatchViewerInput!): UserMutationPayload!
    deleteUsers(input: DeleteUsersInput!): DeleteUsersPayload!
  }
`;
