using Microsoft.CodeAnalysis.CSharp;

namespace Policy.CodeFixes;

/// <summary>Names as the fixes write them into C#.</summary>
internal static class CSharpNames
{
    /// <summary>A name usable as an identifier: <c>@class</c> for a reserved keyword, else the name itself.</summary>
    public static string Escape(string name) => SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;
}
