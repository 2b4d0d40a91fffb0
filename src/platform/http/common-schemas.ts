import { Type } from 'typebox';

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable snake_case code' }),
      message: Type.String(),
      details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
      request_id: Type.String(),
    }, { additionalProperties: true }),
  },
  { description: 'Error envelope' },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
