/** What importing one spreadsheet row did. */
export type RowOutcome = 'created' | 'updated' | 'unchanged';
