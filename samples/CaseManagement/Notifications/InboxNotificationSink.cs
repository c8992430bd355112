using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Policy.Runtime.Notifications;

namespace CaseManagement.Notifications;

/// <summary>
/// Receives the runtime's notifications (after the case is saved), addressed to the named officer, in officers'
/// words: each goes into the officer's inbox and, when e-mail is configured and they have an address, the outbox,
/// in one row of <see cref="NotificationStore"/>; the <see cref="OutboxSender"/> sends it. Also written to the log.
/// </summary>
public sealed class InboxNotificationSink(
    NotificationText text,
    NotificationRecipients recipients,
    NotificationStore store,
    OutboxSender sender,
    IOptions<SmtpOptions> smtp,
    IServer server,
    ILogger<InboxNotificationSink> logger) : INotificationSink
{
    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        var words = text.Describe(notification);
        var recipient = await recipients.ResolveAsync(notification, cancellationToken);
        var link = $"{ApplicationUrl()}/cases/{Uri.EscapeDataString(notification.CaseId)}";
        var emailTo = smtp.Value.Enabled ? recipient?.Email : null;
        var dedupe = string.Join('|', notification.CaseId, notification.Kind, notification.Deadline, notification.Instance.ToString(CultureInfo.InvariantCulture), notification.Action, notification.Role, notification.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        var added = store.Add(dedupe, notification.CaseId, recipient?.Id, notification.Role, words.Subject, words.Body, link, notification.At, emailTo);
        logger.LogInformation(
            "To {Recipient} about case {CaseId}: {Subject}. {Body}{Repeat}",
            recipient?.DisplayName ?? $"whoever holds {notification.Role} (nobody is named for it)", notification.CaseId, words.Subject, words.Body, added ? "" : " (already delivered: not sent again)");
        if (added && emailTo is not null)
        {
            sender.Wake();
        }
    }

    private string ApplicationUrl() =>
        (smtp.Value.ApplicationUrl ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080").TrimEnd('/');
}
