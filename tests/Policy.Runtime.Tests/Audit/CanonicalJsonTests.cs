using System.Text.Json;
using Policy.Runtime.Audit;

namespace Policy.Runtime.Tests.Audit;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_in_ordinal_order_without_whitespace()
    {
        var json = CanonicalJson.Serialize(Pairs(("b", 1L), ("a", "x"), ("B", true), ("_", null), ("aa", false)));
        Assert.Equal("{\"B\":true,\"_\":null,\"a\":\"x\",\"aa\":false,\"b\":1}", json);
    }

    [Fact]
    public void The_same_data_in_any_order_gives_the_same_text()
    {
        var first = CanonicalJson.Serialize(Pairs(("z", 1L), ("nested", Pairs(("y", 2L), ("x", 3L))), ("list", new object?[] { 3L, "a", null })));
        var second = CanonicalJson.Serialize(new Dictionary<string, object?>
        {
            ["list"] = new List<object?> { 3L, "a", null },
            ["nested"] = new Dictionary<string, object?> { ["x"] = 3L, ["y"] = 2L },
            ["z"] = 1L,
        });
        Assert.Equal(first, second);
        Assert.Equal("{\"list\":[3,\"a\",null],\"nested\":{\"x\":3,\"y\":2},\"z\":1}", first);
    }

    [Fact]
    public void Arrays_keep_their_order() =>
        Assert.Equal("{\"a\":[\"b\",\"a\",[2,1]]}", CanonicalJson.Serialize(Pairs(("a", new object[] { "b", "a", new[] { 2, 1 } }))));

    [Fact]
    public void Strings_are_escaped_to_printable_ASCII()
    {
        var json = CanonicalJson.Serialize(Pairs(("text", "quote \" backslash \\ newline \n tab \t é 😀 <script>"), ("ключ", "v")));
        Assert.All(json, c => Assert.InRange(c, ' ', '~'));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("quote \" backslash \\ newline \n tab \t é 😀 <script>", document.RootElement.GetProperty("text").GetString());
        Assert.Equal("v", document.RootElement.GetProperty("ключ").GetString());
        Assert.Contains("\\n", json, StringComparison.Ordinal);
        Assert.Contains("\\u00E9", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_sort_by_UTF16_code_unit_not_by_culture()
    {
        // Culture-aware sorting would put "é" next to "e"; ordinal puts it after every ASCII key.
        var json = CanonicalJson.Serialize(Pairs(("é", 1L), ("f", 2L), ("e", 3L)));
        Assert.Equal("{\"e\":3,\"f\":2,\"\\u00E9\":1}", json);
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("1.5", "1.5")]
    [InlineData("100", "100")]
    [InlineData("100.00", "100")]
    [InlineData("-0.0", "0")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("-12.3400", "-12.34")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Equal_decimals_write_the_same(string value, string expected) =>
        Assert.Equal($"{{\"d\":{expected}}}", CanonicalJson.Serialize(Pairs(("d", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)))));

    [Fact]
    public void Integers_of_every_width_write_as_numbers() =>
        Assert.Equal(
            "{\"a\":1,\"b\":-2,\"c\":3,\"d\":9223372036854775807,\"e\":18446744073709551615}",
            CanonicalJson.Serialize(Pairs(("a", (byte)1), ("b", (short)-2), ("c", 3), ("d", long.MaxValue), ("e", ulong.MaxValue))));

    [Fact]
    public void Null_and_empty_string_differ() =>
        Assert.NotEqual(CanonicalJson.Serialize(Pairs(("a", null))), CanonicalJson.Serialize(Pairs(("a", ""))));

    [Fact]
    public void Duplicate_keys_are_refused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(Pairs(("a", 1L), ("a", 2L))));

    [Theory]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Values_without_one_exact_JSON_form_are_refused(double value) =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(Pairs(("a", value))));

    [Fact]
    public void Dictionaries_with_non_string_keys_are_refused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(Pairs(("a", new Dictionary<int, string> { [1] = "x" }))));

    [Fact]
    public void The_bytes_are_the_UTF8_of_the_text()
    {
        var pairs = Pairs(("a", "b"), ("n", 1L));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(CanonicalJson.Serialize(pairs)), CanonicalJson.SerializeToUtf8Bytes(pairs));
    }

    private static KeyValuePair<string, object?>[] Pairs(params (string Key, object? Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToArray();
}
