using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Force.Policies;
using Policy.Benchmarks.Workflows;
using Policy.Runtime.Workflows;
using Stateless;

namespace Policy.Benchmarks;

/// <summary>
/// One transition of a generated workflow in memory against Stateless's <c>Fire</c> on the same state machine, in two
/// pairs, each with its own baseline:
/// <list type="bullet">
/// <item><b>Patrol</b> (<c>Workflows/patrol.policy</c>): two states and two actions that record nothing, the shape of
/// Stateless's own examples. Stateless fires plain triggers; the workflow also checks the officer's role and writes
/// the event (case, version, time, actor, role).</item>
/// <item><b>IncidentAttendance</b> (<c>policies/incident-attendance.policy</c>): a unit deployed to an incident and
/// diverted from it, round and round. Stateless gets the same states and triggers, parameterised triggers carrying
/// the same arguments, guards for the same roles and entry actions that keep the recorded values; the workflow also
/// writes the event with its fields, assigns the unit and queues the diversion's two notifications.</item>
/// </list>
/// Each operation is a round trip, two transitions (OperationsPerInvoke = 2), so the columns are per transition. The
/// workflow's pending events are marked saved after each round trip, as an application does after saving them.
/// </summary>
[Config(typeof(ShortRunConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TransitionBenchmarks
{
    private const int TransitionsPerRoundTrip = 2;

    private static readonly Actor PatrolDispatcher = new("disp-1", Patrol.Roles.Dispatcher);
    private static readonly Actor IncidentDispatcher = new("disp-shah", IncidentAttendance.Roles.Dispatcher);

    private Patrol _patrol = null!;
    private Patrol _patrolOnFixedClock = null!;
    private StateMachine<PatrolState, PatrolTrigger> _statelessPatrol = null!;
    private StateMachine<PatrolState, PatrolTrigger> _statelessPatrolQueued = null!;
    private IncidentAttendance _incident = null!;
    private StatelessIncident _statelessIncident = null!;

    /// <summary>The triggers of the Stateless twin of patrol.policy: its actions.</summary>
    public enum PatrolTrigger
    {
        Dispatch,
        Clear,
        StandDown,
    }

    /// <summary>The triggers of the Stateless twin of incident-attendance.policy: its actions.</summary>
    public enum IncidentTrigger
    {
        GradeCall,
        DeployUnit,
        DivertUnit,
        ReviewDiversion,
        ArriveAtScene,
        CloseIncident,
    }

    [GlobalSetup]
    public void Setup()
    {
        _patrol = new Patrol();
        _patrol.OpenCase("patrol-1");
        _patrol.MarkSaved();

        _patrolOnFixedClock = new Patrol { TimeProvider = new FixedClock() };
        _patrolOnFixedClock.OpenCase("patrol-2");
        _patrolOnFixedClock.MarkSaved();

        _statelessPatrol = StatelessPatrol(FiringMode.Immediate);
        _statelessPatrolQueued = StatelessPatrol(FiringMode.Queued);

        _incident = new IncidentAttendance();
        _incident.OpenCase("CAD-0001");
        Accepted(_incident.GradeCall(new Actor("op-reid", IncidentAttendance.Roles.CallHandler), IncidentAttendance.Grade.Significant, "12 Acacia Road", "Someone banging on the door"));
        _incident.MarkSaved();

        _statelessIncident = new StatelessIncident();
        _statelessIncident.Machine.Fire(IncidentTrigger.GradeCall);

        // Both sides must really move, or the comparison measures refusals.
        PatrolStateless();
        PatrolStatelessQueued();
        PatrolWorkflow();
        PatrolWorkflowOnFixedClock();
        IncidentStateless();
        IncidentWorkflow();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("Patrol")]
    public PatrolState PatrolStateless()
    {
        _statelessPatrol.Fire(PatrolTrigger.Dispatch);
        _statelessPatrol.Fire(PatrolTrigger.Clear);
        return _statelessPatrol.State;
    }

    /// <summary>Stateless as a machine built without a firing mode runs: each trigger queued, then processed.</summary>
    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("Patrol")]
    public PatrolState PatrolStatelessQueued()
    {
        _statelessPatrolQueued.Fire(PatrolTrigger.Dispatch);
        _statelessPatrolQueued.Fire(PatrolTrigger.Clear);
        return _statelessPatrolQueued.State;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("Patrol")]
    public PatrolState PatrolWorkflow() => RoundTrip(_patrol);

    /// <summary>
    /// Not a target, a breakdown: the same workflow on a clock that returns a constant, which shows what reading the
    /// system clock (once per transition, for the event's time) costs on this machine.
    /// </summary>
    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("Patrol")]
    public PatrolState PatrolWorkflowOnFixedClock() => RoundTrip(_patrolOnFixedClock);

    [Benchmark(Baseline = true, OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("IncidentAttendance")]
    public IncidentAttendanceState IncidentStateless()
    {
        var machine = _statelessIncident.Machine;
        machine.Fire(_statelessIncident.DeployUnit, IncidentDispatcher, "bx21");
        machine.Fire(_statelessIncident.DivertUnit, IncidentDispatcher, "Immediate: road traffic collision, A40", "Nearest unit to an injury collision");
        return machine.State;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    [BenchmarkCategory("IncidentAttendance")]
    public IncidentAttendanceState IncidentWorkflow()
    {
        Accepted(_incident.DeployUnit(IncidentDispatcher, "bx21"));
        Accepted(_incident.DivertUnit(IncidentDispatcher, "Immediate: road traffic collision, A40", "Nearest unit to an injury collision"));
        _incident.MarkSaved();
        return _incident.State;
    }

    private static PatrolState RoundTrip(Patrol patrol)
    {
        Accepted(patrol.Dispatch(PatrolDispatcher));
        Accepted(patrol.Clear(PatrolDispatcher));
        patrol.MarkSaved();
        return patrol.State;
    }

    /// <summary>patrol.policy as a Stateless machine: its states (the generated enum), actions and transitions.</summary>
    private static StateMachine<PatrolState, PatrolTrigger> StatelessPatrol(FiringMode mode)
    {
        var machine = new StateMachine<PatrolState, PatrolTrigger>(PatrolState.Available, mode);
        machine.Configure(PatrolState.Available)
            .Permit(PatrolTrigger.Dispatch, PatrolState.Attending)
            .Permit(PatrolTrigger.StandDown, PatrolState.OffDuty);
        machine.Configure(PatrolState.Attending)
            .Permit(PatrolTrigger.Clear, PatrolState.Available);
        return machine;
    }

    private static void Accepted(ActionResult result)
    {
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The benchmark's action was refused: {result}");
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        private readonly DateTimeOffset _now = System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>
    /// incident-attendance.policy as a Stateless machine: the policy's states (the generated enum) and actions, each
    /// action's roles as a guard, its recorded values as trigger parameters kept by an entry action, and the unit
    /// assigned on deployment (who, besides dispatchers, may divert it).
    /// </summary>
    private sealed class StatelessIncident
    {
        public StatelessIncident()
        {
            Machine = new StateMachine<IncidentAttendanceState, IncidentTrigger>(IncidentAttendanceState.Received, FiringMode.Immediate);
            DeployUnit = Machine.SetTriggerParameters<Actor, string>(IncidentTrigger.DeployUnit);
            DivertUnit = Machine.SetTriggerParameters<Actor, string, string>(IncidentTrigger.DivertUnit);

            Machine.Configure(IncidentAttendanceState.Received)
                .Permit(IncidentTrigger.GradeCall, IncidentAttendanceState.AwaitingUnit)
                .Permit(IncidentTrigger.CloseIncident, IncidentAttendanceState.Closed);
            Machine.Configure(IncidentAttendanceState.AwaitingUnit)
                .OnEntryFrom(DivertUnit, (_, divertedTo, reason) => (DivertedTo, DivertReason) = (divertedTo, reason))
                .PermitIf(DeployUnit, IncidentAttendanceState.UnitDeployed, (actor, _) => IsDispatcher(actor))
                .InternalTransition(IncidentTrigger.ReviewDiversion, static _ => { })
                .Permit(IncidentTrigger.CloseIncident, IncidentAttendanceState.Closed);
            Machine.Configure(IncidentAttendanceState.UnitDeployed)
                .OnEntryFrom(DeployUnit, (_, unit) => AssignedUnit = unit)
                .PermitIf(DivertUnit, IncidentAttendanceState.AwaitingUnit, (actor, _, _) => IsDispatcher(actor) || string.Equals(actor.Id, AssignedUnit, StringComparison.Ordinal))
                .Permit(IncidentTrigger.ArriveAtScene, IncidentAttendanceState.AtScene)
                .InternalTransition(IncidentTrigger.ReviewDiversion, static _ => { })
                .Permit(IncidentTrigger.CloseIncident, IncidentAttendanceState.Closed);
            Machine.Configure(IncidentAttendanceState.AtScene)
                .InternalTransition(IncidentTrigger.ReviewDiversion, static _ => { })
                .Permit(IncidentTrigger.CloseIncident, IncidentAttendanceState.Closed);
            Machine.Configure(IncidentAttendanceState.Closed)
                .InternalTransition(IncidentTrigger.ReviewDiversion, static _ => { });
        }

        public StateMachine<IncidentAttendanceState, IncidentTrigger> Machine { get; }

        public StateMachine<IncidentAttendanceState, IncidentTrigger>.TriggerWithParameters<Actor, string> DeployUnit { get; }

        public StateMachine<IncidentAttendanceState, IncidentTrigger>.TriggerWithParameters<Actor, string, string> DivertUnit { get; }

        public string? AssignedUnit { get; private set; }

        public string? DivertedTo { get; private set; }

        public string? DivertReason { get; private set; }

        private static bool IsDispatcher(Actor actor) =>
            actor.HasRole(IncidentAttendance.Roles.Dispatcher) || actor.HasRole(IncidentAttendance.Roles.DispatchSupervisor);
    }
}
