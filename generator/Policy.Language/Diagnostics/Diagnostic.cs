using Policy.Language.Text;

namespace Policy.Language.Diagnostics;

/// <summary>How serious a diagnostic is. An error stops code generation for the policy.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>One entry of the diagnostic catalogue: a stable id that is never reused, a severity and a message format.</summary>
public sealed class DiagnosticDescriptor
{
    internal DiagnosticDescriptor(string id, DiagnosticSeverity severity, string title, string messageFormat)
    {
        Id = id;
        Severity = severity;
        Title = title;
        MessageFormat = messageFormat;
    }

    /// <summary>The stable id, <c>POL0001</c> and up.</summary>
    public string Id { get; }
    public DiagnosticSeverity Severity { get; }
    /// <summary>A short title, used on the help page and in the IDE.</summary>
    public string Title { get; }
    /// <summary>A <see cref="string.Format(string, object[])"/> format for the message.</summary>
    public string MessageFormat { get; }
    /// <summary>Where the help page lives, relative to the repository root.</summary>
    public string HelpPath => $"docs/diagnostics/{Id}.md";
}

/// <summary>A problem found in a policy, at a span of its text.</summary>
public sealed class Diagnostic
{
    public Diagnostic(DiagnosticDescriptor descriptor, TextSpan span, string message)
    {
        Descriptor = descriptor;
        Span = span;
        Message = message;
    }

    public DiagnosticDescriptor Descriptor { get; }
    public string Id => Descriptor.Id;
    public DiagnosticSeverity Severity => Descriptor.Severity;
    public TextSpan Span { get; }
    public string Message { get; }

    public override string ToString() => $"{Span} {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Id}: {Message}";
}

/// <summary>Collects diagnostics from every layer. Caps the count so that garbage input cannot produce millions.</summary>
public sealed class DiagnosticBag
{
    /// <summary>More than this many diagnostics in one file are summarised by one last error.</summary>
    public const int Limit = 500;

    private readonly List<Diagnostic> _items = new();
    private bool _overflowed;

    public bool HasErrors { get; private set; }

    public int Count => _items.Count;

    public void Add(DiagnosticDescriptor descriptor, TextSpan span, params object[] args)
    {
        if (_overflowed)
        {
            return;
        }

        if (_items.Count >= Limit)
        {
            _overflowed = true;
            HasErrors = true;
            _items.Add(new Diagnostic(DiagnosticDescriptors.TooManyDiagnostics, span, string.Format(DiagnosticDescriptors.TooManyDiagnostics.MessageFormat, Limit)));
            return;
        }

        HasErrors |= descriptor.Severity == DiagnosticSeverity.Error;
        _items.Add(new Diagnostic(descriptor, span, string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat, args)));
    }

    /// <summary>All diagnostics, sorted by position then id, so output is stable.</summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        var copy = _items.ToArray();
        var order = new int[copy.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // A stable sort: equal keys keep the order the layers reported them in.
        Array.Sort(order, (a, b) =>
        {
            var c = copy[a].Span.Start.CompareTo(copy[b].Span.Start);
            if (c == 0)
            {
                c = string.CompareOrdinal(copy[a].Id, copy[b].Id);
            }

            return c == 0 ? a.CompareTo(b) : c;
        });
        var result = new Diagnostic[copy.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = copy[order[i]];
        }

        return result;
    }
}
