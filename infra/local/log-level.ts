/**
 * Imported first by the local entry points: Powertools reads its log level when the logger is constructed (at import
 * of the first handler module), so the local default (WARN, or SHIFAN_LOG_LEVEL) must be in the environment before.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.SHIFAN_LOG_LEVEL ?? 'WARN';
