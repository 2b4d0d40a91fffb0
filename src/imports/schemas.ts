import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

export const ImportError = Type.Object({
  row: Type.Integer({ description: 'Row number in the sheet (the header is row 1)' }),
  column: Nullable(Type.String({ description: 'The column header as written in the file' })),
  message: Type.String(),
  value: Nullable(Type.String({ description: 'The cell as read' })),
});

export const Import = Type.Object({
  id: Type.String({ format: 'uuid' }),
  entity: Type.Union([Type.Literal('customers'), Type.Literal('consumption')]),
  mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('valid_rows')]),
  dry_run: Type.Boolean(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')], {
    description: 'completed: the job ran to the end (see counts). failed: nothing more will happen — see failure.',
  }),
  filename: Nullable(Type.String()),
  format: Nullable(Type.String()),
  size_bytes: Type.Integer(),
  progress: Type.Object({
    processed: Type.Integer(),
    total: Nullable(Type.Integer({ description: 'Estimated from the file until the end, then exact' })),
    percent: Nullable(Type.Number()),
  }),
  counts: Type.Object({
    valid_rows: Type.Integer(),
    invalid_rows: Type.Integer(),
    created: Type.Integer({ description: 'Dry run: would be created' }),
    updated: Type.Integer({ description: 'Dry run: would be updated' }),
    unchanged: Type.Integer(),
    errors: Type.Integer({ description: 'Error lines (a row may have several)' }),
  }),
  failure: Nullable(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
    }),
  ),
  first_errors: Type.Array(ImportError, { description: 'The first 20 error lines' }),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
});
export type Import = Static<typeof Import>;

export const ImportErrorPage = Type.Object({
  data: Type.Array(ImportError),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
  has_more: Type.Boolean(),
});
