/** One false-positive filter entry (worker/http/routes/exceptions.ts presentException). */
export interface AlertException {
  id: number;
  /** Event field name, ECS or native (e.g. `process.executable`, `Image`, `user.name`). */
  field: string;
  value: string;
  /** Null: applies to every rule. */
  rule_id: string | null;
  comment: string;
  created_by: string;
  created_at: string;
  hits: number;
  last_hit_at: string | null;
}

export interface NewException {
  field: string;
  value: string;
  rule_id?: string | null;
  comment?: string;
}

export interface ExceptionList {
  exceptions: AlertException[];
}

export interface ExceptionAnswer {
  exception: AlertException;
}
