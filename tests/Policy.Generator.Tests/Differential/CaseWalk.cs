using System.Globalization;
using System.Reflection;
using Policy.Definitions;
using Policy.Runtime.Annotations;
using Policy.Runtime.Events;
using Policy.Runtime.Workflows;
using ValueType = Policy.Definitions.ValueType;

namespace Policy.Generator.Tests.Differential;

/// <summary>
/// Opens a case on a generated workflow and takes random steps through its typed API, as application code would:
/// the <c>[PolicyAction]</c> methods, the <c>Raise…</c> signals, the <c>Override…</c> settings, the <c>Can…</c> checks and the
/// setting properties, with random arguments of the parameters' types and actors holding random roles, while a manual
/// clock moves on and due deadlines are recorded. Every call must return (an <see cref="ActionResult"/>, accepted or
/// refused); an accepted choice must be recorded under the policy's own option name; and the events replayed into a
/// fresh workflow must give the same case.
/// </summary>
internal static class CaseWalk
{
    private static readonly string[] Officers = { "officer-1", "officer-2", "officer-3" };

    /// <summary>Walks <paramref name="steps"/> steps; returns how many were taken before the walk ended.</summary>
    public static int Run(Type workflowType, PolicyDefinition definition, int seed, int steps, DifferentialReport report)
    {
        var random = new Random(unchecked(seed * 7919 + 17));
        var api = WorkflowApi.Of(workflowType, definition);
        var clock = new ManualClock(new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(random.Next(0, 4 * 365)).AddMinutes(random.Next(0, 24 * 60)));
        var values = new ArgumentValues(random, clock, definition);

        PolicyWorkflow workflow;
        try
        {
            workflow = (PolicyWorkflow)Activator.CreateInstance(workflowType)!;
            workflow.TimeProvider = clock;
            workflow.OpenCase("case-" + seed.ToString(CultureInfo.InvariantCulture), "officer-1");
        }
        catch (Exception e)
        {
            Fail(FailureStage.Walk, "opening the case", e);
            return 0;
        }

        var taken = 0;
        for (; taken < steps; taken++)
        {
            clock.Advance(values.Pause());
            var call = api.Pick(random);
            var actor = new Actor(random.Next(5) == 0 ? "officer-" + random.Next(4, 9).ToString(CultureInfo.InvariantCulture) : values.Pick(Officers), values.Some(api.Roles));
            var arguments = Array.Empty<object?>();
            object? returned;
            try
            {
                arguments = call.Arguments(actor, values);
                returned = call.Method is { } method ? method.Invoke(workflow, arguments) : workflow.RecordDueDeadlines();
                if (random.Next(3) == 0)
                {
                    workflow.RecordDueDeadlines();
                }
            }
            catch (Exception e)
            {
                Fail(FailureStage.Walk, Describe(call, arguments), e);
                return taken;
            }

            if (call.Method is { } invoked && invoked.ReturnType == typeof(ActionResult) && returned is not ActionResult)
            {
                report.Fail(new DifferentialFailure(seed, FailureStage.Walk, "no ActionResult", $"{Describe(call, arguments)} returned {returned ?? "null"}"));
                return taken;
            }

            if (returned is ActionResult result)
            {
                report.CountResult(result);
            }

            // Typed code cannot build an option the policy lacks, nor give an option data it does not record: the
            // runtime saying so means the generated code wrote the option under another name than the policy's.
            if (returned is ActionResult { Refusal: { Kind: RefusalKind.InvalidInput } invalid }
                && (invalid.Message.Contains("is not an option of", StringComparison.Ordinal) || invalid.Message.Contains("which records", StringComparison.Ordinal)))
            {
                report.Fail(new DifferentialFailure(seed, FailureStage.ChoiceRecorded, "typed option refused", $"{Describe(call, arguments)}: {invalid.Message}"));
                return taken;
            }

            if (returned is ActionResult { IsAccepted: true } && CheckChoicesRecorded(workflow, call, arguments) is { } wrong)
            {
                report.Fail(new DifferentialFailure(seed, FailureStage.ChoiceRecorded, "option name", $"{Describe(call, arguments)}: {wrong}"));
                return taken;
            }
        }

        CheckReplay(workflow, workflowType, definition, seed, report.Fail);
        return taken;

        void Fail(FailureStage stage, string what, Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } thrown } ? thrown : e;
            report.Fail(new DifferentialFailure(seed, stage, DifferentialPipeline.ExceptionClass(inner), $"{what} threw {inner}"));
        }
    }

    /// <summary>
    /// After an accepted call, each choice argument must be recorded as the policy spells its option (<c>class</c>,
    /// never the C# escape <c>@class</c>), since conditions and stored cases compare by that name.
    /// </summary>
    private static string? CheckChoicesRecorded(PolicyWorkflow workflow, ApiCall call, object?[] arguments)
    {
        for (var i = 0; i < call.Fields.Count; i++)
        {
            var field = call.Fields[i];
            if (field.Type.Kind != ValueKind.Choice || arguments[call.FirstField + i] is not { } argument)
            {
                continue;
            }

            var expected = ArgumentValues.OptionName(argument, call.Choices[field.Type.ChoiceName!]);
            var recorded = workflow.Recorded(field.Name);
            if (recorded?.Text != expected)
            {
                return $"field '{field.Name}' was given option '{expected}' but recorded '{recorded?.Text ?? "nothing"}'";
            }
        }

        return null;
    }

    private static void CheckReplay(PolicyWorkflow workflow, Type workflowType, PolicyDefinition definition, int seed, Action<DifferentialFailure> fail)
    {
        try
        {
            var replayed = (PolicyWorkflow)Activator.CreateInstance(workflowType)!;
            replayed.TimeProvider = workflow.TimeProvider;
            replayed.Replay(workflow.PendingEvents);
            var differences = new List<string>();
            if (replayed.StateName != workflow.StateName)
            {
                differences.Add($"state {workflow.StateName} became {replayed.StateName}");
            }

            if (replayed.Version != workflow.Version)
            {
                differences.Add($"version {workflow.Version} became {replayed.Version}");
            }

            var fields = definition.Actions.SelectMany(a => a.Fields).Concat(definition.Signals.SelectMany(s => s.Fields)).Select(f => f.Name).Distinct(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                if (!SameValue(workflow.Recorded(field), replayed.Recorded(field)))
                {
                    differences.Add($"field '{field}' was {Show(workflow.Recorded(field))}, replayed {Show(replayed.Recorded(field))}");
                }
            }

            foreach (var role in definition.Roles.Where(r => r.IsAssigned))
            {
                if (workflow.AssignedOfficer(role.Name) != replayed.AssignedOfficer(role.Name))
                {
                    differences.Add($"role '{role.Name}' was held by {workflow.AssignedOfficer(role.Name) ?? "nobody"}, replayed {replayed.AssignedOfficer(role.Name) ?? "nobody"}");
                }
            }

            if (differences.Count > 0)
            {
                fail(new DifferentialFailure(seed, FailureStage.Replay, "differs", string.Join("; ", differences.Take(5))));
            }
        }
        catch (Exception e)
        {
            fail(new DifferentialFailure(seed, FailureStage.Replay, DifferentialPipeline.ExceptionClass(e), e.ToString()));
        }
    }

    private static bool SameValue(FieldValue? left, FieldValue? right) =>
        left is null || right is null
            ? left is null && right is null
            : left.Kind == right.Kind && left.Text == right.Text
              && (left.Fields?.Count ?? 0) == (right.Fields?.Count ?? 0)
              && (left.Fields ?? new Dictionary<string, FieldValue>()).All(f => right.Fields!.TryGetValue(f.Key, out var other) && SameValue(f.Value, other));

    private static string Show(FieldValue? value) => value is null ? "nothing" : $"{value.Kind} '{value.Text}'";

    private static string Describe(ApiCall call, object?[] arguments) =>
        call.Method is null
            ? "RecordDueDeadlines()"
            : $"{call.Method.Name}({string.Join(", ", arguments.Select(a => a switch { null => "null", string s => '"' + s + '"', _ => Convert.ToString(a, CultureInfo.InvariantCulture) }))})";

    /// <summary>One kind of call: a method with the policy fields its parameters stand for, or (no method) recording due deadlines.</summary>
    private sealed record ApiCall(MethodInfo? Method, int FirstField, IReadOnlyList<FieldDefinition> Fields, IReadOnlyDictionary<string, ChoiceDefinition> Choices)
    {
        public object?[] Arguments(Actor actor, ArgumentValues values)
        {
            if (Method is null)
            {
                return Array.Empty<object?>();
            }

            var parameters = Method.GetParameters();
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].ParameterType == typeof(Actor))
                {
                    arguments[i] = actor;
                    continue;
                }

                var field = i - FirstField is var index && index >= 0 && index < Fields.Count ? Fields[index] : null;
                arguments[i] = values.For(parameters[i].ParameterType, field?.Type, field?.IsOptional ?? false);
            }

            return arguments;
        }
    }

    /// <summary>The generated workflow's typed API, found by reflection and matched to the policy's definition.</summary>
    private sealed class WorkflowApi
    {
        private readonly List<ApiCall> _actions = new();
        private readonly List<ApiCall> _others = new();

        public IReadOnlyList<string> Roles { get; private set; } = Array.Empty<string>();

        public static WorkflowApi Of(Type type, PolicyDefinition definition)
        {
            var api = new WorkflowApi();
            var choices = definition.Choices.ToDictionary(c => c.Name, StringComparer.Ordinal);
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            foreach (var method in methods)
            {
                if (method.GetCustomAttribute<PolicyActionAttribute>() is { } attribute)
                {
                    var action = definition.Actions.Single(a => a.Name == attribute.Action);
                    api._actions.Add(new ApiCall(method, 1, action.Fields, choices));
                }
                else if (definition.Signals.FirstOrDefault(s => method.Name == "Raise" + s.Name) is { } signal && method.ReturnType == typeof(ActionResult))
                {
                    api._others.Add(new ApiCall(method, 0, signal.Fields, choices));
                }
                else if (definition.Settings.FirstOrDefault(s => method.Name == "Override" + s.Name) is { } setting && method.ReturnType == typeof(ActionResult))
                {
                    api._others.Add(new ApiCall(method, 1, new[] { new FieldDefinition("value", setting.Type, false) }, choices));
                }
                else if (method.ReturnType == typeof(bool) && method.GetParameters() is [{ ParameterType: var only }] && only == typeof(Actor))
                {
                    api._others.Add(new ApiCall(method, 1, Array.Empty<FieldDefinition>(), choices));
                }
            }

            // Setting properties (the case's current value) are read through their getters like any other call.
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (property.GetMethod is { } getter)
                {
                    api._others.Add(new ApiCall(getter, 0, Array.Empty<FieldDefinition>(), choices));
                }
            }

            api._others.Add(new ApiCall(null, 0, Array.Empty<FieldDefinition>(), choices));
            api.Roles = type.GetNestedType("Roles", BindingFlags.Public)?.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray() ?? Array.Empty<string>();
            return api;
        }

        /// <summary>Mostly actions, since they move the case; the rest often enough to interleave them.</summary>
        public ApiCall Pick(Random random) =>
            _actions.Count > 0 && random.Next(10) < 7 ? _actions[random.Next(_actions.Count)] : _others[random.Next(_others.Count)];
    }

    /// <summary>Random arguments of the generated parameter types, mostly plausible, now and then at the types' limits.</summary>
    private sealed class ArgumentValues
    {
        private static readonly string[] Texts = { "done", "Überprüfung 调查", "a \"quoted\" reason", "x", "  ", "class", "@class" };

        private readonly Random _random;
        private readonly ManualClock _clock;
        private readonly IReadOnlyDictionary<string, ChoiceDefinition> _choices;

        public ArgumentValues(Random random, ManualClock clock, PolicyDefinition definition)
        {
            _random = random;
            _clock = clock;
            _choices = definition.Choices.ToDictionary(c => c.Name, StringComparer.Ordinal);
        }

        public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        public string[] Some(IReadOnlyList<string> roles) => roles.Where(_ => _random.Next(3) == 0).ToArray();

        /// <summary>Minutes mostly, hours and days often, weeks now and then: deadlines of every length fall due.</summary>
        public TimeSpan Pause() => _random.Next(10) switch
        {
            < 4 => TimeSpan.FromMinutes(_random.Next(0, 90)),
            < 7 => TimeSpan.FromHours(_random.Next(1, 30)),
            < 9 => TimeSpan.FromDays(_random.Next(1, 10)),
            _ => TimeSpan.FromDays(_random.Next(10, 120)),
        };

        public object? For(Type type, ValueType? policyType, bool optional)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if ((optional || underlying is not null) && _random.Next(4) == 0)
            {
                return null;
            }

            type = underlying ?? type;
            if (type == typeof(string))
            {
                return policyType?.Kind == ValueKind.Officer || _random.Next(4) == 0 ? Pick(Officers) : _random.Next(10) == 0 ? string.Empty : Pick(Texts);
            }

            if (type == typeof(bool))
            {
                return _random.Next(2) == 0;
            }

            if (type == typeof(decimal))
            {
                return _random.Next(20) switch
                {
                    0 => decimal.MaxValue,
                    1 => -1.5m,
                    _ => _random.Next(0, 100) + _random.Next(0, 100) / 100m,
                };
            }

            if (type == typeof(DateOnly))
            {
                return _random.Next(30) == 0 ? DateOnly.MaxValue : DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(_random.Next(-400, 400));
            }

            if (type == typeof(DateTimeOffset))
            {
                return _random.Next(30) == 0 ? DateTimeOffset.MaxValue : _clock.GetUtcNow().AddMinutes(_random.Next(-100_000, 100_000)).ToOffset(TimeSpan.FromHours(_random.Next(-12, 13)));
            }

            if (type == typeof(Duration))
            {
                var units = Enum.GetValues<DurationUnit>();
                var amount = _random.Next(30) switch
                {
                    0 => 100_000,
                    1 => -1,
                    _ => _random.Next(0, 60),
                };
                return new Duration(amount, units[_random.Next(units.Length)]);
            }

            if (type.IsEnum)
            {
                var members = Enum.GetValues(type);
                return members.GetValue(_random.Next(members.Length));
            }

            if (type.IsAbstract && policyType?.ChoiceName is { } choiceName)
            {
                return Option(type, _choices[choiceName]);
            }

            throw new InvalidOperationException($"The walk has no values of type {type} (policy type {policyType}).");
        }

        /// <summary>The policy's name of the option an argument stands for: the enum member's position, or the nested record's name.</summary>
        public static string OptionName(object argument, ChoiceDefinition choice) =>
            argument.GetType().IsEnum ? choice.Options[Convert.ToInt32(argument, CultureInfo.InvariantCulture)].Name : argument.GetType().Name;

        /// <summary>One of a data choice's option records, built through its constructor with random data.</summary>
        private object Option(Type choiceType, ChoiceDefinition choice)
        {
            var options = choiceType.GetNestedTypes(BindingFlags.Public).Where(t => t.IsSealed && choiceType.IsAssignableFrom(t)).ToList();
            var option = Pick(options);
            var fields = choice.Options.Single(o => o.Name == option.Name).Fields;
            var constructor = option.GetConstructors().Single(c => !c.GetParameters().Any(p => p.ParameterType == option));
            var parameters = constructor.GetParameters();
            var arguments = parameters.Select((p, i) => For(p.ParameterType, i < fields.Count ? fields[i].Type : null, i < fields.Count && fields[i].IsOptional)).ToArray();
            return constructor.Invoke(arguments);
        }
    }
}
