using CaseManagement.Officers;
using Policy.Definitions;

namespace CaseManagement.Cases;

/// <summary>One input of an action's form, for the <c>_Field</c> partial (which renders a choice option's fields with itself).</summary>
/// <param name="Name">The input's name (see <see cref="ActionFields"/>).</param>
/// <param name="FormId">Unique on the page: the action's name, so two forms' inputs never share an id.</param>
/// <param name="Posted">What the officer posted to this form, when it is the form being answered; else null.</param>
/// <param name="Errors">Messages by input name for this form.</param>
/// <param name="EligibleRole">For an officer field the action assigns to a role: that role, whose holders alone are offered.</param>
public sealed record FieldInput(
    string Name,
    string FormId,
    FieldDefinition Field,
    PolicyDefinition Policy,
    OfficerDirectory Officers,
    IFormCollection? Posted,
    IReadOnlyDictionary<string, string> Errors,
    string? EligibleRole = null)
{
    public string Id => $"{FormId}-{Name.Replace('.', '-')}";

    public string ErrorId => Id + "-error";

    public string? Error => Errors.TryGetValue(Name, out var message) ? message : null;

    public string Value => ActionFields.Posted(Posted, Name);

    public string ValueOf(string name) => ActionFields.Posted(Posted, name);

    public FieldInput For(FieldDefinition field, string parent) => this with { Name = ActionFields.InputName(parent, field.Name), Field = field, EligibleRole = null };

    /// <summary>The officers this field offers: the holders of <see cref="EligibleRole"/>, or everyone.</summary>
    public IEnumerable<Officer> OfferedOfficers =>
        Officers.All
            .Where(o => EligibleRole is null || o.Roles.Contains(EligibleRole, StringComparer.Ordinal))
            .OrderBy(o => o.Name, StringComparer.Ordinal);
}
