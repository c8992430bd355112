using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1007 (at the end of the compilation): for each workflow the application uses and performs at least one action of,
/// each deadline whose action nothing calls. Reported where the application first uses the workflow type.
/// </summary>
/// <remarks>
/// <para>
/// Code uses a workflow where it holds one: a field, property, parameter, return value or local of the workflow's type
/// (or an array or generic of it), a <c>new</c>, a call on it or returning it, a <c>typeof</c>, a role attribute
/// (<c>[Casework.ActsAsOIC]</c>). Reading a member of a type generated inside the workflow class
/// (<c>Casework.Durations.…</c>) is not a use: such code does not drive cases.
/// </para>
/// <para>
/// An action counts as called when its method is invoked or passed as a delegate, or when it is performed by name
/// (<c>Perform("Close", …)</c>, <c>PerformAsync(id, actor, "Close", …)</c>) with a constant name. An application that
/// performs actions by names it computes (a generic case screen) may call any action, so then nothing is reported.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmetObligationAnalyzer : PolicyRuleAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.UnmetObligation);

    // Generated code is analysed like the other rules' (a Blazor application calls actions from its .razor files, which
    // Razor turns into generated C#, and its first use of a workflow may be there); the rule skips the rest itself.

    private protected override void Start(CompilationStartAnalysisContext start, Lazy<PolicyModelCache?> models)
    {
        var usage = new Usage(models);
        start.RegisterOperationAction(
            usage.Record,
            OperationKind.Invocation,
            OperationKind.MethodReference,
            OperationKind.ObjectCreation,
            OperationKind.TypeOf,
            OperationKind.VariableDeclarator);
        start.RegisterSymbolAction(usage.RecordDeclaration, SymbolKind.Field, SymbolKind.Property, SymbolKind.Method);
        start.RegisterCompilationEndAction(usage.Report);
    }

    /// <summary>What one compilation uses and calls, gathered concurrently.</summary>
    private sealed class Usage
    {
        private readonly Lazy<PolicyModelCache?> _deferred;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _called = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, bool> _calledByName = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<WorkflowModel, FirstUse> _firstUse = new();
        private int _performsComputedNames;

        public Usage(Lazy<PolicyModelCache?> models) => _deferred = models;

        public void Record(OperationAnalysisContext context)
        {
            // Null when the compilation turns out not to reference the runtime: nothing is recorded or reported.
            if (_deferred.Value is not { } models || !RazorCode.IsAnalysed(context.Operation.Syntax, context.IsGeneratedCode))
            {
                return;
            }

            var operation = context.Operation;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    RecordCall(models, invocation.TargetMethod, invocation.Arguments);
                    break;
                case IMethodReferenceOperation reference:
                    RecordCall(models, reference.Method, ImmutableArray<IArgumentOperation>.Empty);
                    break;
                case IVariableDeclaratorOperation declarator:
                    // 'var w = new X()' names the type in its initializer, which is recorded on its own.
                    if (declarator.Syntax.Parent is VariableDeclarationSyntax { Type: { IsVar: false } type })
                    {
                        RecordUse(models, declarator.Symbol.Type, type);
                    }

                    return;
            }

            RecordUse(models, operation.Type, operation.Syntax);
            RecordUse(models, PolicyUsage.DeclaringType(operation), operation.Syntax);
        }

        /// <summary>A field, property or method whose declared type (or a parameter's) is a workflow, located at the type as written.</summary>
        public void RecordDeclaration(SymbolAnalysisContext context)
        {
            var symbol = context.Symbol;
            if (_deferred.Value is not { } models || symbol.IsImplicitlyDeclared || symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not { } declaration
                || !RazorCode.IsAnalysed(declaration, context.IsGeneratedCode))
            {
                return;
            }

            switch (symbol, declaration)
            {
                case (IFieldSymbol field, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variables }):
                    RecordUse(models, field.Type, variables.Type);
                    break;
                case (IPropertySymbol property, BasePropertyDeclarationSyntax syntax):
                    RecordUse(models, property.Type, syntax.Type);
                    break;
                case (IMethodSymbol method, BaseMethodDeclarationSyntax syntax):
                    if (syntax is MethodDeclarationSyntax { ReturnType: var returnType })
                    {
                        RecordUse(models, method.ReturnType, returnType);
                    }

                    var parameters = method.Parameters;
                    var parameterSyntaxes = syntax.ParameterList.Parameters;
                    for (var i = 0; i < parameters.Length && i < parameterSyntaxes.Count; i++)
                    {
                        RecordUse(models, parameters[i].Type, parameterSyntaxes[i].Type ?? (SyntaxNode)parameterSyntaxes[i]);
                    }

                    break;
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (_deferred.Value is not { } models || Volatile.Read(ref _performsComputedNames) != 0)
            {
                return;
            }

            foreach (var pair in _firstUse.Select(p => (Workflow: p.Key, Use: p.Value.Read())).OrderBy(p => p.Use.Path, StringComparer.Ordinal).ThenBy(p => p.Use.Start))
            {
                var workflow = pair.Workflow;
                if (!ActsOn(workflow, models))
                {
                    continue;
                }

                foreach (var deadline in workflow.Deadlines)
                {
                    if (_calledByName.ContainsKey(deadline.Action) || models.ActionMethods(workflow, deadline.Action).Any(_called.ContainsKey))
                    {
                        continue;
                    }

                    var within = deadline.Within.Length > 0 ? " within " + deadline.Within : string.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(HelpLinks.For(PolicyDiagnostics.UnmetObligation, context.Options), pair.Use.Node.GetLocation(), workflow.PolicyName, deadline.Action, within, deadline.Name));
                }
            }
        }

        /// <summary>
        /// True once the application calls (or performs by a constant name) at least one action of the workflow: until
        /// then it is being written, not forgetting an obligation, and a new project's first build stays quiet.
        /// </summary>
        private bool ActsOn(WorkflowModel workflow, PolicyModelCache models)
        {
            foreach (var method in _called.Keys)
            {
                if (models.Action(method)?.Workflow == workflow)
                {
                    return true;
                }
            }

            foreach (var name in _calledByName.Keys)
            {
                if (models.ActionMethods(workflow, name).Any())
                {
                    return true;
                }
            }

            return false;
        }

        private void RecordCall(PolicyModelCache models, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (models.Action(method) is not null)
            {
                // Read first: TryAdd takes a lock even when the method is already there, which nearly every call is.
                var definition = method.OriginalDefinition;
                if (!_called.ContainsKey(definition))
                {
                    _called.TryAdd(definition, true);
                }

                return;
            }

            // Performing by name: a Policy runtime method named Perform… with a string parameter "action".
            if (!method.Name.StartsWith("Perform", StringComparison.Ordinal) || !PolicyTypes.IsRuntimeType(method.ContainingType))
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: "action", Type.SpecialType: SpecialType.System_String })
                {
                    if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
                    {
                        if (!_calledByName.ContainsKey(name))
                        {
                            _calledByName.TryAdd(name, true);
                        }
                    }
                    else
                    {
                        Interlocked.Exchange(ref _performsComputedNames, 1);
                    }
                }
            }
        }

        private void RecordUse(PolicyModelCache models, ITypeSymbol? type, SyntaxNode node, int depth = 0)
        {
            if (type is null || depth > 3)
            {
                return;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    RecordUse(models, array.ElementType, node, depth + 1);
                    return;
                case INamedTypeSymbol { IsGenericType: true } generic:
                    foreach (var argument in generic.TypeArguments)
                    {
                        RecordUse(models, argument, node, depth + 1);
                    }

                    break;
            }

            if (models.WorkflowOwning(type) is { } workflow)
            {
                _firstUse.GetOrAdd(workflow, _ => new FirstUse()).Offer(node);
            }
        }
    }

    /// <summary>
    /// The earliest place (by file path, then position) a workflow is used. Uses are offered concurrently and often,
    /// nearly always later than the one held: such an offer costs a read and a comparison, without a lock (which the
    /// rule's callbacks used to queue on); an earlier one replaces the held one by compare-and-swap. No
    /// <see cref="Location"/> is made until the report.
    /// </summary>
    private sealed class FirstUse
    {
        private Place? _earliest;

        public void Offer(SyntaxNode node)
        {
            Place? offered = null;
            var path = node.SyntaxTree.FilePath;
            var start = node.SpanStart;
            while (true)
            {
                var held = Volatile.Read(ref _earliest);
                if (held is not null && !held.IsAfter(path, start))
                {
                    return;
                }

                offered ??= new Place(node, path, start);
                if (Interlocked.CompareExchange(ref _earliest, offered, held) == held)
                {
                    return;
                }
            }
        }

        public Place Read() => Volatile.Read(ref _earliest)!;
    }

    private sealed class Place
    {
        public Place(SyntaxNode node, string path, int start) => (Node, Path, Start) = (node, path, start);

        public SyntaxNode Node { get; }

        public string Path { get; }

        public int Start { get; }

        public bool IsAfter(string path, int start)
        {
            var byPath = string.CompareOrdinal(path, Path);
            return byPath < 0 || (byPath == 0 && start < Start);
        }
    }
}
