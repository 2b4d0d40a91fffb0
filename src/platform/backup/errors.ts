/** A backup, restore, import or move that Cobre refuses, with what to do instead (exit status 2). */
export class OperationRefused extends Error {}

/** A file that is not a complete Cobre backup, or whose rows do not match its checksums. */
export class BadBackupFile extends Error {}

/** A company id that is not a company's live tenant in this database. */
export class UnknownCompany extends Error {}
