namespace CaseManagement.Notifications;

/// <summary>
/// The <c>Smtp</c> settings: where e-mail is sent. With no <see cref="Host"/>, notifications go to the in-app inbox
/// (and the log) only.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>None, StartTls (upgrade a plain connection), or SslOnConnect. StartTls unless the server is on loopback.</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "case-management@force.example";

    /// <summary>How long after the first failed attempt the next is made; each later wait doubles, to at most 15 minutes.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The application's address as officers reach it, for the link in each e-mail (e.g. https://cases.force.example).</summary>
    public string? ApplicationUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
