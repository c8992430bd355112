using Policy.Definitions;
using Policy.Runtime.Engine;
using Policy.Runtime.Events;

namespace Policy.Runtime.Workflows;

/// <summary>A case's settings: each one's override for this case, else the policy's default.</summary>
public readonly struct CaseSettings
{
    private readonly CaseState _case;

    internal CaseSettings(CaseState state) => _case = state;

    /// <summary>The value of setting <paramref name="index"/> as recorded.</summary>
    public FieldValue this[int index] => _case.SettingValueAtIndex(index);

    /// <summary>The value of the named setting as recorded.</summary>
    public FieldValue this[string name] => _case.SettingValue(name);

    /// <summary>True when the case overrides the named setting.</summary>
    public bool IsOverridden(string name) => _case.SettingOverride(name) is not null;

    /// <summary>A duration setting's value.</summary>
    public Duration GetDuration(int index) =>
        _case.SettingDurationAt(index) ?? throw new InvalidOperationException($"Setting {_case.Policy.SettingName(index)} is not a duration.");

    /// <summary>A yes/no setting's value.</summary>
    public bool GetYesNo(int index) => this[index].Text == "yes";

    /// <summary>A number setting's value.</summary>
    public decimal GetNumber(int index) => _case.SettingValueAt(index).Number;

    /// <summary>A text or officer setting's value.</summary>
    public string GetText(int index) => this[index].Text;

    /// <summary>A date setting's value.</summary>
    public DateOnly GetDate(int index) => DateOnly.FromDayNumber((int)_case.SettingValueAt(index).Scalar);

    /// <summary>A date-time setting's value.</summary>
    public DateTimeOffset GetDateTime(int index) => new(_case.SettingValueAt(index).Scalar, TimeSpan.Zero);

    /// <summary>The option name of a choice setting.</summary>
    public string GetOption(int index) => this[index].Text;
}
