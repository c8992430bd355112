using System.Globalization;
using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Syntax;
using Policy.Language.Text;

namespace Policy.Language.Semantics;

/// <summary>The acting officer in conditions, who holds which role, and officers' caseloads.</summary>
internal sealed partial class Binder
{
    /// <summary>The word for the officer performing the action being decided (a field of that name takes its place).</summary>
    private const string ActorName = "actor";

    /// <summary>
    /// Where the conditions being bound are not decided once for an officer performing an action (a deadline's duration or
    /// <c>must … where</c>, worked out again on every replay; an action that happens by itself; a caseload weight); null where
    /// they are. There, questions whose answer is not in the case's history (the actor, roles in the force, caseloads, who has
    /// acted) are reported.
    /// </summary>
    private string? _noActorHere;

    /// <summary>Reports <paramref name="construct"/> where <see cref="_noActorHere"/> says it has no answer; true when it may be used.</summary>
    private bool OfficerQuestionAllowed(string construct, TextSpan span)
    {
        if (_noActorHere is not { } where)
        {
            return true;
        }

        _diagnostics.Add(DiagnosticDescriptors.NoActorHere, span, construct, where);
        return false;
    }

    /// <summary>Binds conditions where officers' questions have no answer: each is reported there, saying where it is.</summary>
    private T WithoutActor<T>(string where, Func<T> bind)
    {
        var outer = _noActorHere;
        _noActorHere = where;
        try
        {
            return bind();
        }
        finally
        {
            _noActorHere = outer;
        }
    }

    /// <summary>An operand that must be an officer (<c>caseload of X</c>, <c>X has acted before</c>); null when it is not (reported).</summary>
    private Operand? BindOfficer(OperandSyntax syntax, IReadOnlyList<FieldDefinition> scope, string what)
    {
        var operand = BindOperand(syntax, scope);
        if (operand is null)
        {
            return null;
        }

        if (operand.Type.Kind != ValueKind.Officer)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, syntax.Span, $"Only an officer can {what}, but this is {operand.Type}. Name an officer field, an assigned role, or actor.");
            return null;
        }

        return operand;
    }

    /// <summary>
    /// <c>actor is OIC</c> (the officer assigned the role on this case), <c>soit is a SOIT</c> (holds the role in the force),
    /// <c>actor is an Inspector or above</c> (holds that rank or one above it).
    /// </summary>
    private Condition? BindHoldsRole(IsConditionSyntax test, Operand operand)
    {
        if (operand.Type.Kind != ValueKind.Officer)
        {
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Operand.Span, $"Only an officer can hold a role, but this is {operand.Type}. Write e.g. actor is a {test.Target.Text}");
            return null;
        }

        if (!Resolve<RoleSyntax>(test.Target, "role", out var role))
        {
            return null;
        }

        var inForce = test.Article is { Text: "a" or "an" } || test.Above is not null || role.Assigned is null;
        if (inForce && !OfficerQuestionAllowed($"is {(test.Article is { } a ? a.Text + " " : string.Empty)}{role.Name.Text}{(test.Above is null ? string.Empty : " or above")}", test.Span))
        {
            return null;
        }

        if (test.Above is not null)
        {
            var rank = IndexOfRank(role.Name.Text);
            if (rank < 0)
            {
                _diagnostics.Add(DiagnosticDescriptors.OrAboveNotRanked, test.Target.Span, role.Name.Text);
                return null;
            }

            var ranks = _ranks.Skip(rank).Select(r => (Condition)new HoldsRoleCondition(operand, r, OnThisCase: false)).ToArray();
            return ranks.Length == 1 ? ranks[0] : new OrCondition(ranks);
        }

        if (role.Assigned is null && test.Article is { Text: "the" })
        {
            // 'the Supervisor': nobody is assigned the role on a case, so there is no one officer to be.
            _diagnostics.Add(DiagnosticDescriptors.TypeMismatch, test.Target.Span, $"Role '{role.Name.Text}' is not held per case, so no one officer is 'the' {role.Name.Text}. Write: is a {role.Name.Text}");
            return null;
        }

        return new HoldsRoleCondition(operand, role.Name.Text, OnThisCase: !inForce);
    }

    // ---- Conditions that can never hold -----------------------------------------------------------------------------

    /// <summary>
    /// Warns (POL0065) about a part of <paramref name="condition"/> that must hold for it to hold and never can for an officer
    /// performing an action in one of <paramref name="roles"/>: <c>actor is not involved</c> where every role is held per
    /// case (whoever acts holds one on the case), <c>actor is not OIC</c> where only the OIC may act, <c>actor is not a
    /// Supervisor</c> where only a Supervisor may.
    /// </summary>
    private void CheckActorConditions(Condition? condition, IReadOnlyList<string> roles, ConditionSyntax syntax, string performed)
    {
        if (condition is null || roles.Count == 0)
        {
            return;
        }

        while (syntax is ParenthesizedConditionSyntax parens)
        {
            syntax = parens.Inner;
        }

        var parts = condition is AndCondition and ? and.Operands : [condition];
        var partSyntax = syntax is LogicalConditionSyntax { IsAnd: true } logical && logical.Operands.Count == parts.Count ? logical.Operands : null;
        for (var index = 0; index < parts.Count; index++)
        {
            var part = parts[index];
            var span = partSyntax?[index].Span ?? syntax.Span;
            if (part is not NotCondition { Operand: var inner })
            {
                continue;
            }

            string? reason = inner switch
            {
                InvolvedCondition { Officer: ActorOperand } when roles.All(IsAssignedRole) =>
                    $"{performed} only by {RoleList(roles)}, held per case, so whoever performs it holds a role on the case and is involved",
                HoldsRoleCondition { Officer: ActorOperand, OnThisCase: true } holds when roles.All(r => r == holds.Role) =>
                    $"only the officer assigned {holds.Role} on the case may perform it, so the actor is always the {holds.Role}",
                HoldsRoleCondition { Officer: ActorOperand, OnThisCase: false } holds when roles.All(r => r == holds.Role) =>
                    $"{performed} only by {holds.Role}, so the actor always holds {holds.Role}",
                _ => null,
            };
            if (reason is not null)
            {
                _diagnostics.Add(DiagnosticDescriptors.ActorConditionNeverHolds, span, reason, "Remove the condition, or let other roles perform the action.");
            }
        }
    }

    private bool IsAssignedRole(string role) => _declarations.TryGetValue(role, out var declared) && declared is RoleSyntax { Assigned: not null };

    private static string RoleList(IReadOnlyList<string> roles) =>
        roles.Count == 1 ? roles[0] : $"{string.Join(", ", roles.Take(roles.Count - 1))} or {roles[^1]}";

    /// <summary>The roles an action is performed in, as written (with 'or above' written out), for checks made before it is bound.</summary>
    private IReadOnlyList<string> RolesOf(string action)
    {
        if (!_declarations.TryGetValue(action, out var declared) || declared is not ActionSyntax syntax)
        {
            return Array.Empty<string>();
        }

        var roles = new List<string>();
        for (var i = 0; i < syntax.Roles.Names.Count; i++)
        {
            var name = syntax.Roles.Names[i].Text;
            var rank = syntax.Roles.IsOrAbove(i) ? IndexOfRank(name) : -1;
            roles.AddRange(rank >= 0 ? _ranks.Skip(rank) : [name]);
        }

        return roles;
    }

    // ---- Caseload weight --------------------------------------------------------------------------------------------

    private CaseloadWeightDefinition? BindCaseloadWeight()
    {
        var lines = Statements.OfType<CaseloadWeightSyntax>().ToList();
        foreach (var extra in lines.Skip(1))
        {
            _diagnostics.Add(DiagnosticDescriptors.DuplicateHeader, extra.Keyword.Span, "caseload");
        }

        if (lines.FirstOrDefault() is not { } line || line.Weight.IsMissing)
        {
            return null;
        }

        var cases = new List<CaseloadWeightCase>();
        var complete = true;
        foreach (var item in line.Cases)
        {
            var condition = item.Condition is null
                ? null
                : WithoutActor("in a caseload weight, which is worked out whenever the case is saved, whoever saves it", () => BindCondition(item.Condition, Array.Empty<FieldDefinition>()));
            complete &= item.Condition is null || condition is not null;
            if (item.Number.IsMissing)
            {
                complete = false;
                continue;
            }

            if (item.Number.Text.Length > 12
                || !decimal.TryParse(item.Number.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var weight)
                || weight <= 0 || weight > 1000 || decimal.Round(weight, 3) != weight)
            {
                _diagnostics.Add(DiagnosticDescriptors.CaseloadWeightOutOfRange, item.Number.Span, item.Number.Text);
                complete = false;
                continue;
            }

            cases.Add(new CaseloadWeightCase(weight, condition));
        }

        if (line.Cases.Count > 0 && line.Cases[^1].When is not null)
        {
            _diagnostics.Add(DiagnosticDescriptors.CaseloadWeightIncomplete, line.Cases[^1].Span);
            complete = false;
        }

        return complete ? new CaseloadWeightDefinition(cases, BindCites(line.Cites)) : null;
    }
}
