using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Policy.Analyzers.Model;

namespace Policy.Analyzers.Rules;

/// <summary>
/// POL1007 (at the end of the compilation): for each workflow the application uses, each deadline whose action nothing
/// calls. Reported where the application first uses the workflow type.
/// </summary>
/// <remarks>
/// An action counts as called when its method is invoked or passed as a delegate, or when it is performed by name
/// (<c>Perform("Close", …)</c>, <c>PerformAsync(id, actor, "Close", …)</c>) with a constant name. An application that
/// performs actions by names it computes (a generic case screen) may call any action, so then nothing is reported.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmetObligationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(PolicyDiagnostics.UnmetObligation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!PolicyTypes.TryCreate(start.Compilation, out var types))
            {
                return;
            }

            var usage = new Usage(new PolicyModelCache(types));
            start.RegisterOperationAction(
                usage.Record,
                OperationKind.Invocation,
                OperationKind.MethodReference,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference,
                OperationKind.FieldReference,
                OperationKind.TypeOf,
                OperationKind.VariableDeclarator);
            start.RegisterSymbolAction(usage.RecordDeclaration, SymbolKind.Field, SymbolKind.Property, SymbolKind.Method);
            start.RegisterCompilationEndAction(usage.Report);
        });
    }

    /// <summary>What one compilation uses and calls, gathered concurrently.</summary>
    private sealed class Usage
    {
        private readonly PolicyModelCache _models;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _called = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, bool> _calledByName = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<WorkflowModel, Location> _firstUse = new();
        private int _performsComputedNames;

        public Usage(PolicyModelCache models) => _models = models;

        public void Record(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    RecordCall(invocation.TargetMethod, invocation.Arguments);
                    break;
                case IMethodReferenceOperation reference:
                    RecordCall(reference.Method, ImmutableArray<IArgumentOperation>.Empty);
                    break;
                case IVariableDeclaratorOperation declarator:
                    // 'var w = new X()' names the type in its initializer, which is recorded on its own.
                    if (declarator.Syntax.Parent is VariableDeclarationSyntax { Type: { IsVar: false } type })
                    {
                        RecordUse(declarator.Symbol.Type, type.GetLocation());
                    }

                    return;
            }

            foreach (var type in PolicyUsage.TypesNamedBy(operation))
            {
                RecordUse(type, operation.Syntax.GetLocation());
            }
        }

        /// <summary>A field, property or method whose declared type (or a parameter's) is a workflow, located at the type as written.</summary>
        public void RecordDeclaration(SymbolAnalysisContext context)
        {
            var symbol = context.Symbol;
            if (symbol.IsImplicitlyDeclared || symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not { } declaration)
            {
                return;
            }

            switch (symbol, declaration)
            {
                case (IFieldSymbol field, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variables }):
                    RecordUse(field.Type, variables.Type.GetLocation());
                    break;
                case (IPropertySymbol property, BasePropertyDeclarationSyntax syntax):
                    RecordUse(property.Type, syntax.Type.GetLocation());
                    break;
                case (IMethodSymbol method, BaseMethodDeclarationSyntax syntax):
                    if (syntax is MethodDeclarationSyntax { ReturnType: var returnType })
                    {
                        RecordUse(method.ReturnType, returnType.GetLocation());
                    }

                    foreach (var (parameter, parameterSyntax) in method.Parameters.Zip(syntax.ParameterList.Parameters, (p, s) => (p, s)))
                    {
                        RecordUse(parameter.Type, parameterSyntax.Type?.GetLocation() ?? parameterSyntax.GetLocation());
                    }

                    break;
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (Volatile.Read(ref _performsComputedNames) != 0)
            {
                return;
            }

            foreach (var pair in _firstUse.OrderBy(p => p.Value.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(p => p.Value.SourceSpan.Start))
            {
                var workflow = pair.Key;
                foreach (var deadline in workflow.Deadlines)
                {
                    if (_calledByName.ContainsKey(deadline.Action) || _models.ActionMethods(workflow, deadline.Action).Any(_called.ContainsKey))
                    {
                        continue;
                    }

                    var within = deadline.Within.Length > 0 ? " within " + deadline.Within : string.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(PolicyDiagnostics.UnmetObligation, pair.Value, workflow.PolicyName, deadline.Action, within, deadline.Name));
                }
            }
        }

        private void RecordCall(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (_models.Action(method) is not null)
            {
                _called.TryAdd(method.OriginalDefinition, true);
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
                        _calledByName.TryAdd(name, true);
                    }
                    else
                    {
                        Interlocked.Exchange(ref _performsComputedNames, 1);
                    }
                }
            }
        }

        private void RecordUse(ITypeSymbol? type, Location location, int depth = 0)
        {
            if (type is null || depth > 3 || !location.IsInSource)
            {
                return;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    RecordUse(array.ElementType, location, depth + 1);
                    return;
                case INamedTypeSymbol { IsGenericType: true } generic:
                    foreach (var argument in generic.TypeArguments)
                    {
                        RecordUse(argument, location, depth + 1);
                    }

                    break;
            }

            if (_models.WorkflowOwning(type) is { } workflow)
            {
                _firstUse.AddOrUpdate(workflow, location, (_, existing) => Earlier(existing, location));
            }
        }

        private static Location Earlier(Location a, Location b)
        {
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath < 0 || (byPath == 0 && a.SourceSpan.Start <= b.SourceSpan.Start) ? a : b;
        }
    }
}
