/**
 * Kinds of deadline that ride on the sparse agenda index (DESIGN.md, Data). Each capability that owns a deadline
 * registers its kind here; the daily sweep queries each kind for `agendaDue <= today`.
 */
export const agendaKinds = ['naming-expiry', 'recheck', 'rectification', 'instructor-term', 'readjustment', 'appeal-window', 'public-notice', 'task-due', 'revocation-notice'] as const;

/** A kind of deadline. */
export type AgendaKind = (typeof agendaKinds)[number];
