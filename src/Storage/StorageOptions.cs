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
}
