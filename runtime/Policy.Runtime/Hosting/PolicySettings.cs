using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Policy.Runtime.Hosting;

/// <summary>
/// Binds the <c>Policy</c> configuration section. A value the binder cannot convert ("abc" for a batch size) becomes an
/// <see cref="OptionsValidationException"/> naming the setting, the value it has and what it must be, where the
/// configuration binder would throw an <see cref="InvalidOperationException"/> whose stack trace the operator sees.
/// </summary>
internal static partial class PolicySettings
{
    public static void Bind(IConfiguration configuration, PolicyOptions options)
    {
        var section = configuration.GetSection(PolicyOptions.SectionName);
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PolicyOptions), [Describe(exception, configuration)]);
        }
    }

    /// <summary>The operator's message for a value the binder refused.</summary>
    internal static string Describe(InvalidOperationException exception, IConfiguration configuration)
    {
        // The binder's message: "Failed to convert configuration value at 'Policy:Monitor:BatchSize' to type 'System.Int32'."
        // (older binders also quoted the value). Only values that are not text fail to convert, so the value is no secret.
        var match = ConversionFailure().Match(exception.Message);
        if (!match.Success)
        {
            return $"A setting of the {PolicyOptions.SectionName} section cannot be read: {exception.Message} Correct it in appsettings.json or in the environment.";
        }

        var (path, type) = (match.Groups["path"].Value, match.Groups["type"].Value);
        var value = configuration[path] ?? "";
        var expected = type switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number, such as 100",
            "System.TimeSpan" or "System.Nullable`1[System.TimeSpan]" => "a time span written hours:minutes:seconds, such as 00:05:00 for five minutes (or d.hh:mm:ss)",
            "System.Boolean" => "true or false",
            "System.Double" or "System.Decimal" => "a number, such as 1.5",
            _ => "a value of type " + type,
        };
        var environment = path.Replace(":", "__", StringComparison.Ordinal);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The setting {path} is '{value}', which is not {expected}. Correct it in appsettings.json (or the environment variable {environment}).");
    }

    [GeneratedRegex("value (?:'.*' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
