using Policy.Definitions;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Engine;

/// <summary>
/// A policy's access rules (<c>access NeedToKnow { read by ... }</c>), checked against the policy when it is compiled.
/// A reader is allowed by the first <c>read by</c> line whose roles they hold on the case (an assigned role only by
/// the officer assigned to it; any other role by whoever holds it) and, where the line lists purposes, whose purposes
/// include the one they give; a read allowed by a line that is <c>flagged to</c> a role is flagged to that role.
/// Nobody else may read the case.
/// </summary>
public sealed class CaseAccess
{
    private readonly Line[] _lines;

    private CaseAccess(AccessDefinition definition, Line[] lines)
    {
        Definition = definition;
        _lines = lines;
    }

    /// <summary>The access rules as written.</summary>
    public AccessDefinition Definition { get; }

    internal static CaseAccess Compile(AccessDefinition definition, CompiledPolicy policy)
    {
        var lines = new Line[definition.Readers.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var reader = definition.Readers[i];
            var roles = reader.Roles.Select(role => policy.IndexOfRole(role) is var index and >= 0
                ? index
                : throw new ArgumentException($"The access rules of policy '{policy.Name}' let role '{role}' read, but the policy declares no such role.", nameof(definition))).ToArray();
            string[]? purposes = null;
            if (reader.Purposes is { } choiceName)
            {
                var choice = policy.Definition.Choices.FirstOrDefault(c => c.Name == choiceName)
                    ?? throw new ArgumentException($"The access rules of policy '{policy.Name}' list the purposes of choice '{choiceName}', but the policy declares no such choice.", nameof(definition));
                purposes = choice.Options.Select(o => o.Name).ToArray();
            }

            if (reader.FlaggedTo is { } flagged && policy.IndexOfRole(flagged) < 0)
            {
                throw new ArgumentException($"The access rules of policy '{policy.Name}' flag reads to role '{flagged}', but the policy declares no such role.", nameof(definition));
            }

            lines[i] = new Line(reader, roles, purposes);
        }

        return new CaseAccess(definition, lines);
    }

    /// <summary>
    /// Whether <paramref name="reader"/> may read <paramref name="workflow"/>'s case for <paramref name="purpose"/>. A
    /// purpose a line lists is given as the option's name, alone or followed by a colon and details
    /// ("LinkedInvestigation: crime 01/23456/26"), in any letter case.
    /// </summary>
    public AccessDecision Decide(PolicyWorkflow workflow, Actor reader, string purpose)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(purpose);
        var policy = workflow.CompiledPolicy;
        string[]? purposesOffered = null;
        for (var i = 0; i < _lines.Length; i++)
        {
            var line = _lines[i];
            if (!Holds(line, policy, workflow, reader))
            {
                continue;
            }

            if (line.Purposes is not null)
            {
                var given = PurposeOption(purpose, line.Purposes);
                if (given is null)
                {
                    purposesOffered ??= line.Purposes;
                    continue;
                }

                return new AccessDecision(true, i, given, line.Definition.FlaggedTo, null);
            }

            return new AccessDecision(true, i, null, line.Definition.FlaggedTo, null);
        }

        var message = purposesOffered is not null
            ? $"This case may be read only for one of these purposes: {string.Join(", ", purposesOffered.Select(Words))}. Choose the one that applies; your attempt has been recorded."
            : $"Only {WhoMayRead(policy)} may read this case. Your attempt has been recorded.";
        return new AccessDecision(false, -1, null, null, message);
    }

    private static bool Holds(Line line, CompiledPolicy policy, PolicyWorkflow workflow, Actor reader)
    {
        foreach (var role in line.Roles)
        {
            var name = policy.RoleName(role);
            if (!reader.HasRole(name))
            {
                continue;
            }

            if (!policy.Roles[role].IsAssigned || string.Equals(workflow.AssignedOfficer(name), reader.Id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? PurposeOption(string purpose, string[] options)
    {
        var trimmed = purpose.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var head = (colon >= 0 ? trimmed[..colon] : trimmed).Trim();
        foreach (var option in options)
        {
            if (string.Equals(head, option, StringComparison.OrdinalIgnoreCase) || string.Equals(head, Words(option), StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }

        return null;
    }

    private string WhoMayRead(CompiledPolicy policy)
    {
        var names = new List<string>();
        foreach (var line in _lines)
        {
            foreach (var role in line.Roles)
            {
                var name = policy.Roles[role].IsAssigned ? "the case's " + policy.RoleName(role) : policy.RoleName(role);
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return names.Count switch
        {
            0 => "nobody",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
        };
    }

    /// <summary>"LinkedInvestigation" as "linked investigation": how a purpose is said.</summary>
    internal static string Words(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(i > 0 && char.IsUpper(c) && (i + 1 >= name.Length || !char.IsUpper(name[i + 1])) ? char.ToLowerInvariant(c) : c);
        }

        return builder.ToString().Replace('_', ' ').Replace('-', ' ');
    }

    private sealed record Line(ReaderDefinition Definition, int[] Roles, string[]? Purposes);
}

/// <summary>What the access rules decided about one read.</summary>
/// <param name="Allowed">True when the read may go ahead.</param>
/// <param name="Line">The index of the <c>read by</c> line that allowed it; -1 when refused.</param>
/// <param name="Purpose">The option of the line's purposes the reader gave; null when the line lists none.</param>
/// <param name="FlaggedTo">The role to tell of this read; null when it is not flagged.</param>
/// <param name="Message">Why the read was refused, fit to show the reader; null when allowed.</param>
public sealed record AccessDecision(bool Allowed, int Line, string? Purpose, string? FlaggedTo, string? Message)
{
    /// <summary>True when the read is allowed and flagged.</summary>
    public bool IsFlagged => Allowed && FlaggedTo is not null;
}
