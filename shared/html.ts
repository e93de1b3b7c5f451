/** Escapes text for HTML: what a notice or the reference page quotes cannot become markup. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
