using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Policy.Runtime.Audit;

namespace Policy.Runtime.Hosting;

/// <summary>
/// Checks <see cref="PolicyOptions"/> when the application starts (<c>ValidateOnStart</c>): each failure names the
/// setting, as it is written in appsettings.json, or the registration call to make.
/// </summary>
internal sealed class PolicyOptionsValidator(IServiceProvider services) : IValidateOptions<PolicyOptions>
{
    private const string Section = PolicyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var failures = new List<string>();
        if (options.Policies.Count == 0)
        {
            failures.Add("No policy is registered: add them in AddPolicy(options => options.AddPolicies(typeof(Program).Assembly)) or options.Add<TWorkflow>().");
        }

        if (options.StoreFactory is null)
        {
            failures.Add("No case store is chosen: call UseSqlite(path), UsePostgreSql(connectionString) or UseStore(...) on the builder AddPolicy returns.");
        }
        else if (options.StoreName == "sqlite" && string.IsNullOrWhiteSpace(options.Sqlite.Path))
        {
            failures.Add($"{Section}:Sqlite:Path is not set: give UseSqlite a path, or set {Section}:Sqlite:Path to the database file.");
        }

        Positive(failures, "Monitor:MaxSleep", options.Monitor.MaxSleep);
        Positive(failures, "Monitor:RetryAfterFailure", options.Monitor.RetryAfterFailure);
        if (options.Monitor.BatchSize < 1)
        {
            failures.Add($"{Section}:Monitor:BatchSize must be at least 1; it is {options.Monitor.BatchSize.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.Monitor.Concurrency < 1)
        {
            failures.Add($"{Section}:Monitor:Concurrency must be at least 1; it is {options.Monitor.Concurrency.ToString(CultureInfo.InvariantCulture)}.");
        }

        Positive(failures, "Monitor:ClaimFor", options.Monitor.ClaimFor);
        Positive(failures, "Audit:CheckpointInterval", options.Audit.CheckpointInterval);
        Positive(failures, "Audit:FullVerificationInterval", options.Audit.FullVerificationInterval);
        Positive(failures, "Audit:RetryAfterFailure", options.Audit.RetryAfterFailure);
        Positive(failures, "Health:MaxMonitorLag", options.Health.MaxMonitorLag);
        if (options.Health.MaxAuditAge is { } age)
        {
            Positive(failures, "Health:MaxAuditAge", age);
        }

        ValidateAuditKeys(failures, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateAuditKeys(List<string> failures, PolicyOptions options)
    {
        var hasText = !string.IsNullOrWhiteSpace(options.AuditKeys);
        var hasFile = !string.IsNullOrWhiteSpace(options.AuditKeyFile);
        if (hasText && hasFile)
        {
            failures.Add($"Both {Section}:AuditKeys and {Section}:AuditKeyFile are set: keep the keys in one place.");
            return;
        }

        try
        {
            if (PolicyAuditKeys.FromOptions(options) is null && options.AuditMonitorAdded && services.GetService<AuditKeyRing>() is null)
            {
                failures.Add($"AddAuditMonitor() needs the audit keys: set {Section}:AuditKeyFile or {Section}:AuditKeys, or register an AuditKeyRing (see docs/audit.md).");
            }
        }
        catch (FormatException exception)
        {
            failures.Add(exception.Message);
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{setting} must be a positive time span such as 00:05:00; it is {value.ToString("c", CultureInfo.InvariantCulture)}.");
        }
    }
}

/// <summary>Where the audit keys come from: an <see cref="AuditKeyRing"/> the application registered, else the options.</summary>
internal sealed class PolicyAuditKeys(IServiceProvider services, IOptions<PolicyOptions> options)
{
    private readonly Lazy<AuditKeyRing?> _keys = new(() => services.GetService<AuditKeyRing>() ?? FromOptions(options.Value));

    public AuditKeyRing? Keys => _keys.Value;

    /// <exception cref="FormatException">The setting does not hold a key ring; the message names it.</exception>
    public static AuditKeyRing? FromOptions(PolicyOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AuditKeys))
        {
            return AuditKeyRing.Parse(options.AuditKeys, $"The setting {PolicyOptions.SectionName}:AuditKeys");
        }

        if (!string.IsNullOrWhiteSpace(options.AuditKeyFile))
        {
            try
            {
                return AuditKeyRing.FromFile(options.AuditKeyFile);
            }
            catch (FormatException exception)
            {
                throw new FormatException($"The setting {PolicyOptions.SectionName}:AuditKeyFile: {exception.Message}", exception);
            }
        }

        return null;
    }
}
