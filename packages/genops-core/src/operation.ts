/** Category of an operation (`genops.operation.type`). */
export type OperationType =
  | 'inference'
  | 'embedding'
  | 'chain'
  | 'agent'
  | 'tool'
  | 'retrieval'
  | (string & {});

/** The operation an AWU performs. */
export interface Operation {
  /** Human-readable name, e.g. `chat gpt-4o` (`genops.operation.name`). */
  readonly name: string;
  /** Category (`genops.operation.type`). */
  readonly type: OperationType;
}
