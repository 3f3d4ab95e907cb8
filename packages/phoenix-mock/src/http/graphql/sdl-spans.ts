/**
 * The span part of Phoenix's GraphQL schema the mock serves (20.26.1): a span by its OpenTelemetry id, and the
 * Span, Trace, Project and ProjectSession nodes with the fields Phoenix's own client tests read. Names, nullability
 * and argument types are Phoenix's (checked with test/graphql/check-sdl.ts against a 20.26.1 server's introspection;
 * the reference schema.graphql next to the repository is a later one); every other field is absent, so a query using
 * one fails validation.
 */
export const PHOENIX_SPANS_SDL = /* GraphQL */ `
  enum SpanKind {
    chain
    tool
    llm
    prompt
    retriever
    embedding
    agent
    reranker
    evaluator
    guardrail
    decision
    unknown
  }

  enum SpanStatusCode {
    OK
    ERROR
    UNSET
  }

  type SpanContext {
    traceId: ID!
    spanId: ID!
  }

  type Project implements Node {
    id: ID!
    name: String!
    description: String
    trace(traceId: ID!): Trace
  }

  type ProjectSession implements Node {
    id: ID!
    sessionId: String!
    project: Project!
  }

  type Trace implements Node {
    id: ID!
    traceId: ID!
    project: Project!
    projectId: ID!
    projectSessionId: ID
    session: ProjectSession
    spans(first: Int!, last: Int, after: String, before: String, filterCondition: String): SpanConnection!
  }

  type SpanEdge {
    cursor: String!
    node: Span!
  }

  type SpanConnection {
    pageInfo: PageInfo!
    edges: [SpanEdge!]!
  }

  type Span implements Node {
    id: ID!
    name: String!
    statusCode: SpanStatusCode!
    statusMessage: String!
    startTime: DateTime!
    endTime: DateTime
    parentId: ID
    spanKind: SpanKind!
    spanId: ID!
    trace: Trace!
    context: SpanContext!
    attributes: String!
    project: Project!
  }

  extend type Query {
    getSpanByOtelId(spanId: String!): Span
  }
`;
