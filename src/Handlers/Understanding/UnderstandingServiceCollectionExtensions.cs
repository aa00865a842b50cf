using GridLine.Handlers.Understanding;
using GridLine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers message understanding (needs <c>AddStorage</c> for rules, context and learning).</summary>
public static class UnderstandingServiceCollectionExtensions
{
    public static IServiceCollection AddUnderstanding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UnderstandingOptions>()
            .Bind(configuration.GetSection(UnderstandingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClassifierRuleRepository>();
        services.TryAddSingleton<LabelledExampleRepository>();
        services.TryAddSingleton<ConversationContextRepository>();
        services.TryAddSingleton<InboxRepository>();
        services.AddSingleton<ModelHolder>();
        services.AddSingleton<MessageClassifier>();
        services.AddSingleton<RuleBook>();
        services.AddSingleton<IConversationContext, StorageConversationContext>();
        services.AddSingleton<ContextLinker>();
        services.AddSingleton<IMessageUnderstanding, MessageUnderstanding>();
        services.AddSingleton<RetrainJob>();
        return services;
    }
}
