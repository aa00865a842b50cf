using GridLine.Handlers.Understanding;
using GridLine.Storage;
using GridLine.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridLine.Handlers.Tests.Understanding;

/// <summary>A MessageUnderstanding wired to a fresh migrated database, as AddUnderstanding wires it.</summary>
internal sealed class UnderstandingFixture : IAsyncDisposable
{
    private static readonly Lazy<ClassifierModel> Model = new(ModelSerializer.LoadEmbedded);

    private UnderstandingFixture(NpgsqlDataSource dataSource, UnderstandingOptions options)
    {
        DataSource = dataSource;
        var o = Options.Create(options);
        Rules = new RuleBook(new ClassifierRuleRepository(dataSource), o, TimeProvider.System, NullLogger<RuleBook>.Instance);
        Examples = new LabelledExampleRepository(dataSource);
        Service = new MessageUnderstanding(new MessageClassifier(new ModelHolder(Model.Value)), Rules,
            new ContextLinker(new StorageConversationContext(new ConversationContextRepository(dataSource)), o, TimeProvider.System),
            Examples, new InboxRepository(dataSource), o);
    }

    public NpgsqlDataSource DataSource { get; }
    public RuleBook Rules { get; }
    public LabelledExampleRepository Examples { get; }
    public MessageUnderstanding Service { get; }

    public static async Task<UnderstandingFixture> CreateAsync(UnderstandingOptions? options = null) =>
        new(TestDatabase.OpenDataSource(await TestDatabase.CreateMigratedAsync()), options ?? new UnderstandingOptions { RuleRefreshSeconds = 0 });

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
