using System.Collections;
using System.Reflection;

namespace Policy.Generator.Tests.Infrastructure;

/// <summary>Compares two object graphs by their public properties and list elements; returns the first difference.</summary>
internal static class StructuralComparer
{
    public static string? FirstDifference(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}";
        }

        // Lists compare by their elements, whatever collection holds them.
        var bothLists = expected is IEnumerable && actual is IEnumerable && expected is not string && actual is not string;
        if (!bothLists && expected.GetType() != actual.GetType())
        {
            return $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}";
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal)
        {
            return Equals(expected, actual) ? null : $"{path}: expected {expected}, got {actual}";
        }

        if (expected is IEnumerable left && actual is IEnumerable right)
        {
            var a = left.Cast<object?>().ToList();
            var b = right.Cast<object?>().ToList();
            if (a.Count != b.Count)
            {
                return $"{path}: expected {a.Count} items, got {b.Count}";
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (FirstDifference(a[i], b[i], $"{path}[{i}]") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            if (FirstDifference(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }
}
