using Policy.Definitions;
using Policy.Language.Diagnostics;
using Policy.Language.Syntax;

namespace Policy.Language.Semantics;

internal sealed partial class Binder
{
    // ---- Access: who may read the policy's cases ---------------------------------------------------------------

    private AccessDefinition? BindAccess()
    {
        var blocks = Statements.OfType<AccessSyntax>().ToList();
        if (blocks.Count == 0)
        {
            return null;
        }

        foreach (var extra in blocks.Skip(1))
        {
            _diagnostics.Add(DiagnosticDescriptors.RepeatedAccess, extra.Name.IsMissing ? extra.Keyword.Span : extra.Name.Span, blocks[0].Name.Text);
        }

        // Every block is checked, so that a second one's mistakes are reported too; the first is the policy's.
        return blocks.Select(BindAccess).ToArray()[0];
    }

    private AccessDefinition BindAccess(AccessSyntax access)
    {
        var name = access.Name.Text;
        var anchor = access.Name.IsMissing ? access.Keyword.Span : access.Name.Span;
        var readers = new List<ReaderDefinition>();
        foreach (var read in access.Body.Statements.OfType<ReadSyntax>())
        {
            var roles = new List<string>();
            foreach (var role in read.Roles.Names)
            {
                if (Resolve<RoleSyntax>(role, "role", out _))
                {
                    roles.Add(role.Text);
                }
            }

            string? purposes = null;
            if (read.Purposes is { IsMissing: false } purposeToken && _declarations.TryGetValue(purposeToken.Text, out var declared))
            {
                if (declared is not ChoiceSyntax)
                {
                    _diagnostics.Add(DiagnosticDescriptors.PurposesNotAChoice, purposeToken.Span, $"'{purposeToken.Text}' is {WithArticle(KindOf(declared))}");
                }
                else if (_choices[purposeToken.Text].Options.FirstOrDefault(o => o.Fields.Count > 0) is { } withData)
                {
                    _diagnostics.Add(DiagnosticDescriptors.PurposesNotAChoice, purposeToken.Span, $"the option '{withData.Name}' of '{purposeToken.Text}' records data, and a purpose is only a name");
                }
                else
                {
                    purposes = purposeToken.Text;
                }
            }
            else if (read.Purposes is { IsMissing: false } unknown)
            {
                ReportUnknown(unknown, "choice", Declared<ChoiceSyntax>().Select(c => c.Name.Text));
            }

            string? flaggedTo = null;
            if (read.FlaggedTo is { } flagged && Resolve<RoleSyntax>(flagged, "role", out _))
            {
                flaggedTo = flagged.Text;
            }

            readers.Add(new ReaderDefinition(roles, purposes, flaggedTo));
        }

        if (readers.Count == 0 && !access.Name.IsMissing && !access.Body.Open.IsMissing && !access.Body.Statements.OfType<SkippedSyntax>().Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.AccessWithoutReaders, anchor, name);
        }

        if (!access.Name.IsMissing && !CitesIn(access.Body).Any())
        {
            _diagnostics.Add(DiagnosticDescriptors.UncitedRule, anchor, "Access block", name);
        }

        return new AccessDefinition(name, access.Title?.Text ?? name, readers, BindCites(CitesIn(access.Body)));
    }

    // ---- Ranks: roles in order, for 'by Inspector or above' ----------------------------------------------------

    private IReadOnlyList<string> BindRanks()
    {
        var lines = Statements.OfType<RanksSyntax>().ToList();
        foreach (var extra in lines.Skip(1))
        {
            _diagnostics.Add(DiagnosticDescriptors.DuplicateHeader, extra.Keyword.Span, "ranks");
        }

        var ranks = new List<string>();
        foreach (var rank in lines.FirstOrDefault()?.Ranks.Names ?? [])
        {
            if (!Resolve<RoleSyntax>(rank, "role", out _))
            {
                continue;
            }

            if (ranks.Contains(rank.Text))
            {
                _diagnostics.Add(DiagnosticDescriptors.RankTwice, rank.Span, rank.Text);
                continue;
            }

            ranks.Add(rank.Text);
        }

        return ranks;
    }

    private int IndexOfRank(string role)
    {
        for (var i = 0; i < _ranks.Count; i++)
        {
            if (_ranks[i] == role)
            {
                return i;
            }
        }

        return -1;
    }
}
