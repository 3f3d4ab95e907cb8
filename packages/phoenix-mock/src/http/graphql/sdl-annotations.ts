/**
 * The span-annotation part of Phoenix's GraphQL schema (20.26.1): the SpanAnnotation node (a row of
 * `span_annotations`, notes included), the Annotation interface it implements, and a span's `spanAnnotations` (sort,
 * filter) and `spanNotes`. Names, nullability, enum value order and arguments are Phoenix's (test/graphql/check-sdl.ts
 * against a 20.26.1 server's introspection); Phoenix's other annotation types (trace, session, summaries) are absent.
 */
export const PHOENIX_ANNOTATIONS_SDL = /* GraphQL */ `
  scalar JSON

  enum AnnotatorKind {
    LLM
    HUMAN
    CODE
  }

  enum AnnotationSource {
    API
    APP
  }

  enum SortDir {
    asc
    desc
  }

  enum SpanAnnotationColumn {
    createdAt
    name
  }

  input SpanAnnotationSort {
    col: SpanAnnotationColumn!
    dir: SortDir!
  }

  input AnnotationFilterCondition {
    names: [String!]
    sources: [AnnotationSource!]
    userIds: [ID]
  }

  input AnnotationFilter {
    include: AnnotationFilterCondition
    exclude: AnnotationFilterCondition
  }

  interface Annotation {
    name: String!
    annotatorKind: AnnotatorKind!
    label: String
    score: Float
    explanation: String
    metadata: JSON!
    source: AnnotationSource!
    identifier: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    user: User
  }

  type SpanAnnotation implements Node & Annotation {
    id: ID!
    name: String!
    annotatorKind: AnnotatorKind!
    label: String
    score: Float
    explanation: String
    metadata: JSON!
    source: AnnotationSource!
    identifier: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    user: User
    spanId: ID!
    span: Span!
  }

  extend type Span {
    spanAnnotations(sort: SpanAnnotationSort, filter: AnnotationFilter = null): [SpanAnnotation!]!
    spanNotes: [SpanAnnotation!]!
  }
`;
