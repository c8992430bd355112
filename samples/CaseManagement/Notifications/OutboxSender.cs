using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CaseManagement.Notifications;

/// <summary>
/// Sends the outbox's e-mails over SMTP (MailKit), each until the server accepts it: a failed attempt is recorded
/// with its error and tried again later, the wait doubling from <see cref="SmtpOptions.RetryAfter"/> to at most 15
/// minutes. A message is marked sent only once the server has accepted it; if the process stops between the two, it
/// is sent again on restart with the same Message-Id, which a receiving system can use to drop the repeat.
/// </summary>
public sealed class OutboxSender(NotificationStore store, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Something was added to the outbox: look now rather than at the next planned time.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var smtp = options.Value;
        if (!smtp.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(smtp, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The e-mail outbox could not be read; it is tried again shortly.");
            }

            var next = store.NextEmailAt();
            var wait = next is { } at ? at - clock.GetUtcNow() : LongestWait;
            wait = wait < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : wait > LongestWait ? LongestWait : wait;
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendDueAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        foreach (var email in store.DueEmails(clock.GetUtcNow(), 20))
        {
            try
            {
                await SendAsync(smtp, email, cancellationToken);
                store.MarkSent(email.Id, clock.GetUtcNow());
                logger.LogInformation("E-mailed {To} about case {CaseId}: {Subject}", email.EmailTo, email.CaseId, email.Subject);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var wait = smtp.RetryAfter * Math.Pow(2, Math.Min(email.EmailAttempts, 10));
                var next = clock.GetUtcNow() + (wait > LongestWait ? LongestWait : wait);
                store.MarkFailed(email.Id, exception.Message, next);
                logger.LogWarning("Could not e-mail {To} about case {CaseId} (attempt {Attempt}): {Error}. Trying again at {Next:HH:mm:ss} UTC.", email.EmailTo, email.CaseId, email.EmailAttempts + 1, exception.Message, next);
            }
        }
    }

    private static async Task SendAsync(SmtpOptions smtp, StoredNotification email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(email.EmailTo!));
        message.Subject = email.Subject;
        message.MessageId = $"notification-{email.Id}-{email.At.UtcTicks}@case-management";
        message.Body = new TextPart("plain")
        {
            Text = $"{email.Body}\n\nOpen the case: {email.Link}\n\nYou are receiving this because the case's policy names your role. Your inbox in the application has every notification.",
        };

        using var client = new SmtpClient { Timeout = 15_000 };
        var security = smtp.Security switch
        {
            "None" => SecureSocketOptions.None,
            "StartTls" => SecureSocketOptions.StartTls,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
