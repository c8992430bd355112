using Policy.Runtime.Engine;
using Policy.Runtime.Versions;
using Policy.Runtime.Workflows;

namespace Policy.Runtime.Cases;

/// <summary>Moving running cases to another version of their policy, as a reviewed plan says (docs/versions.md).</summary>
public sealed partial class CaseService
{
    /// <summary>
    /// Moves every running case of the plan's policy that is under its old version to the new one, or with
    /// <paramref name="dryRun"/> says what it would do and writes nothing. Each case's move is one audited
    /// <see cref="Events.CaseEventKind.Migrated"/> event appended at the case's version, so a run stopped part way
    /// (a crash, a kill) is resumed by running it again: cases already moved are passed over, none is moved twice.
    /// A dry run and an apply at the same time give each case the same state and due times.
    /// </summary>
    /// <exception cref="InvalidOperationException">The application does not hold both versions, or the plan does not fit them.</exception>
    public async Task<MigrationReport> MigrateAsync(MigrationPlan plan, Actor actor, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        var (_, target) = VersionsFor(plan);
        var results = new List<CaseMigrationResult>();
        var heads = await _store.ReadChainHeadsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var caseId in heads.Select(h => h.CaseId).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await MigrateCoreAsync(caseId, plan, target, actor, dryRun, cancellationToken).ConfigureAwait(false) is { } result)
            {
                results.Add(result);
            }
        }

        return new MigrationReport(plan, dryRun, TimeProvider.GetUtcNow(), results);
    }

    /// <summary>Moves one case as the plan says (or, with <paramref name="dryRun"/>, says what would become of it); null when it is not a case of the plan's policy.</summary>
    public async Task<CaseMigrationResult?> MigrateCaseAsync(string caseId, MigrationPlan plan, Actor actor, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        var (_, target) = VersionsFor(plan);
        return await MigrateCoreAsync(caseId, plan, target, actor, dryRun, cancellationToken).ConfigureAwait(false);
    }

    private (CompiledPolicy From, CompiledPolicy To) VersionsFor(MigrationPlan plan)
    {
        if (!_policies.TryGet(plan.Policy, out _))
        {
            throw new InvalidOperationException($"The plan moves cases of {plan.Policy}, which this application does not run.");
        }

        var from = _policies.Find(plan.Policy, plan.From)
            ?? throw new InvalidOperationException($"The plan moves cases from version {plan.From} of {plan.Policy}, which this application does not hold; keep that version's .policy file in the project until its cases are moved.");
        var to = _policies.Find(plan.Policy, plan.To)
            ?? throw new InvalidOperationException($"The plan moves cases to version {plan.To} of {plan.Policy}, which this application does not hold.");
        var problems = plan.Validate(from, to);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The plan does not fit the two versions: " + string.Join(" ", problems.Select(p => p.Format("plan"))));
        }

        return (from, to);
    }

    private async Task<CaseMigrationResult?> MigrateCoreAsync(string caseId, MigrationPlan plan, CompiledPolicy target, Actor actor, bool dryRun, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var workflow = await LoadAsync(caseId, static policy => new PolicyWorkflow(policy), cancellationToken).ConfigureAwait(false);
            if (workflow is null || workflow.CompiledPolicy.Name != plan.Policy)
            {
                return null;
            }

            var stateBefore = workflow.StateName;
            var before = workflow.Case.OpenDeadlines;
            if (string.Equals(workflow.CompiledPolicy.Version, plan.To, StringComparison.Ordinal))
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.AlreadyMoved, plan.From, stateBefore, stateBefore, [], null);
            }

            var versionBefore = workflow.CompiledPolicy.Version;
            if (workflow.IsClosed)
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.Closed, versionBefore, stateBefore, stateBefore, [], null);
            }

            var decided = workflow.Migrate(plan, target, actor);
            if (!decided.IsAccepted)
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.Refused, versionBefore, stateBefore, stateBefore, [], decided.Refusal!.Message);
            }

            var deadlines = MigratedDeadline.Compare(before, workflow.Case.OpenDeadlines);
            if (dryRun)
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.WouldMove, versionBefore, stateBefore, workflow.StateName, deadlines, null);
            }

            var saved = await SaveAsync(workflow, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.Moved, versionBefore, stateBefore, workflow.StateName, deadlines, null);
            }

            if (attempt >= 4)
            {
                return new CaseMigrationResult(caseId, CaseMigrationOutcome.Conflict, versionBefore, stateBefore, stateBefore, [], "The case kept changing while it was being moved; run the migration again.");
            }
        }
    }
}
