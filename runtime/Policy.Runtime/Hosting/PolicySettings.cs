using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Policy.Runtime.Hosting;

/// <summary>
/// Reads settings as the configuration binder does, but a value it cannot convert ("abc" for a batch size) becomes an
/// <see cref="OptionsValidationException"/> naming the setting, the value it has and what it must be, where the
/// binder would throw an <see cref="InvalidOperationException"/> whose stack trace the operator sees. The runtime
/// binds its <c>Policy</c> section with it; an application can read its own settings the same way.
/// </summary>
public static partial class PolicySettings
{
    internal static void Bind(IConfiguration configuration, PolicyOptions options) => Bind(configuration, PolicyOptions.SectionName, options);

    /// <summary>Binds the section <paramref name="section"/> of <paramref name="configuration"/> to <paramref name="options"/>.</summary>
    /// <exception cref="OptionsValidationException">A value cannot be converted to its property's type; the message names the setting.</exception>
    public static void Bind<TOptions>(IConfiguration configuration, string section, TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), [Describe(exception, configuration)]);
        }
    }

    /// <summary>The setting <paramref name="key"/> as a <typeparamref name="T"/>, or <paramref name="defaultValue"/> when it is not set.</summary>
    /// <exception cref="OptionsValidationException">The value cannot be converted; the message names the setting.</exception>
    public static T Get<T>(IConfiguration configuration, string key, T defaultValue)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return configuration.GetValue(key, defaultValue)!;
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(key, typeof(T), [Describe(exception, configuration)]);
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
