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
}
