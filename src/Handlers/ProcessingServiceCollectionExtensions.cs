using GridLine.Handlers.Duplicates;
using GridLine.Handlers.Faq;
using GridLine.Handlers.Messages;
using GridLine.Handlers.Petitions;
using GridLine.Handlers.Messaging;
using GridLine.Handlers.Processing;
using GridLine.Handlers.Reminders;
using GridLine.Handlers.Replies;
using GridLine.Handlers.WeComIntegration;
using GridLine.Handlers.WorkOrders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridLine.Handlers;

/// <summary>Registers what happens after the acknowledgement: the inbox dispatcher, the in-chat workflow, replies, the outbox and its WeCom transport. Needs AddWorkOrderDomain and AddUnderstanding.</summary>
public static class ProcessingServiceCollectionExtensions
{
    public static IServiceCollection AddGridLineProcessing(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InboxDispatcherOptions>().Bind(configuration.GetSection(InboxDispatcherOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxSenderOptions>().Bind(configuration.GetSection(OutboxSenderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReplyRenderer>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<IOutboxTransport, WeComOutboxTransport>();
        services.AddSingleton<WorkOrderAuthorization>();
        services.AddSingleton<WorkOrderNotifications>();
        services.TryAddSingleton<ReminderPlanner>(); // the work-order service re-plans reminders whenever an order changes
        services.AddSingleton<WorkOrderService>();
        services.AddSingleton<ResidentReplies>();
        services.AddSingleton<StaffCommandHandler>();
        // Proxy petitions, FAQ answers and duplicate reports (issue 6).
        services.AddOptions<PetitionOptions>().Bind(configuration.GetSection(PetitionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FaqOptions>().Bind(configuration.GetSection(FaqOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DuplicateOptions>().Bind(configuration.GetSection(DuplicateOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PetitionService>();
        services.AddSingleton<PetitionWorkflow>();
        services.AddSingleton<PetitionFormRenderer>();
        services.AddSingleton<FaqService>();
        services.AddSingleton<TextFeatureCache>(); // prepared texts of open orders, shared by duplicate and repeat-petition matching
        services.AddSingleton<DuplicateService>();
        services.AddSingleton<CaseCommandHandler>();
        services.AddSingleton<IInboxHandler, ChatMessageHandler>();
        services.AddSingleton<InboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxDispatcher>());
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
