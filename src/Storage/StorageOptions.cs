using System.ComponentModel.DataAnnotations;

namespace GridLine.Storage;

/// <summary>Database settings, bound to section <c>Storage</c>; the connection string comes from <c>ConnectionStrings:GridLine</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Npgsql connection string. Set it with the environment variable <c>ConnectionStrings__GridLine</c>.</summary>
    [Required(ErrorMessage = "ConnectionStrings:GridLine is not set (environment variable ConnectionStrings__GridLine); ./run.sh sets it for the embedded database.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending migrations at startup (under an advisory lock, safe with several instances).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How often the reference-data cache (groups, members, grids, routing rules) checks the change marker, in
    /// milliseconds: an edit made through another instance applies within this time. 0 turns the cache off.
    /// </summary>
    [Range(0, 60_000)] public int ReferenceCacheCheckMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Commits writing acknowledged callbacks at the same time (group commit: requests arriving during a commit are
    /// written together by the next one). See docs/benchmarks.md.
    /// </summary>
    [Range(1, 64)] public int InboxWriteConcurrency { get; set; } = 4;

    /// <summary>Most callbacks written by one group-commit statement.</summary>
    [Range(1, 5000)] public int InboxWriteMaxBatch { get; set; } = 256;

    /// <summary>
    /// Statements Npgsql prepares automatically per connection (server-side prepared statements skip parsing and
    /// planning; about a fifth of PostgreSQL's CPU per message in docs/benchmarks.md). Used unless the connection
    /// string sets <c>Max Auto Prepare</c> itself; 0 turns it off (needed behind PgBouncer in transaction mode).
    /// </summary>
    [Range(0, 10_000)] public int MaxAutoPrepare { get; set; } = 200;
}
