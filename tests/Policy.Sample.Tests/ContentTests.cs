using System.Net;
using System.Text.RegularExpressions;

namespace Policy.Sample.Tests;

/// <summary>
/// Case content an officer recognises: the crime reference and offence on the list and in search, over every case;
/// the victim and suspect summaries only on the case page, behind the read that records who read it and why.
/// </summary>
public sealed partial class ContentTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task The_list_shows_the_reference_and_offence_but_no_personal_data_and_the_case_page_shows_the_summaries()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        var row = RowPattern().Matches(list).Single(m => m.Groups["case"].Value == SignedInClient.RassoCase).Value;
        Assert.Contains("CRI/2026/004127", row);
        Assert.Contains("Rape of a woman aged 16 or over (Sexual Offences Act 2003, s.1)", row);
        Assert.DoesNotContain("prefers contact by phone", list);
        Assert.DoesNotContain("former colleague", list);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/cases/{SignedInClient.RassoCase}?purpose=Investigating%20this%20case"));
        Assert.Contains("prefers contact by phone after 6pm", page);
        Assert.Contains("former colleague of the victim", page);
    }

    [Fact]
    public async Task Search_finds_cases_by_reference_or_offence_words()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        Assert.Equal(["GI-2026-0001"], Cases(await client.GetStringAsync("/?q=burglary")));
        Assert.Equal(["RASSO-2026-0002"], Cases(await client.GetStringAsync("/?q=CRI%2F2026%2F004311")));
        Assert.Equal(["GI-2026-0002", "INC-2026-0002"], Cases(await client.GetStringAsync("/?q=THEFT%20from")).Order(StringComparer.Ordinal));
        var none = WebUtility.HtmlDecode(await client.GetStringAsync("/?q=%25"));
        Assert.Contains("No case matches", none);

        // Personal summaries are not searched: a victim's description finds nothing.
        Assert.Empty(Cases(await client.GetStringAsync("/?q=former%20colleague")));
    }

    [Fact]
    public async Task Case_details_are_checked_against_their_limits_kept_on_the_trail_and_searchable()
    {
        using var client = await SignedInClient.SignInAsync(app, "ps.shah");
        const string path = "/cases/GI-2026-0002?purpose=Investigating%20this%20case";
        var token = await SignedInClient.TokenAsync(client, path);
        var tooLong = new string('v', 1001);
        var refused = WebUtility.HtmlDecode(await (await client.PostAsync("/cases/GI-2026-0002?handler=Details", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("crimeReference", "CRI/2026/009999"),
            ("offence", "Theft of tools from a van"), ("victimSummary", tooLong), ("suspectSummary", "")))).Content.ReadAsStringAsync());
        Assert.Contains("This is 1,001 characters; at most 1,000 can be kept.", refused);
        Assert.Contains($">{tooLong}</textarea>", refused);
        Assert.Contains("value=\"CRI/2026/009999\"", refused);
        Assert.Empty(Cases(await client.GetStringAsync("/?q=CRI%2F2026%2F009999")));

        var saved = await client.PostAsync("/cases/GI-2026-0002?handler=Details", SignedInClient.Form(
            ("__RequestVerificationToken", token), ("purpose", "Investigating this case"), ("crimeReference", "CRI/2026/009999"),
            ("offence", "Theft of tools from a van"), ("victimSummary", "Van owner, self-employed plumber."), ("suspectSummary", "")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(["GI-2026-0002"], Cases(await client.GetStringAsync("/?q=CRI%2F2026%2F009999")));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        Assert.Contains("Case details recorded by DS Amira Shah", page);
        Assert.Contains("<dd data-detail=\"victimSummary\">Van owner, self-employed plumber.</dd>", page);
    }

    private static List<string> Cases(string page) => RowPattern().Matches(page).Select(m => m.Groups["case"].Value).ToList();

    [GeneratedRegex("<li class=\"case-row\" data-case=\"(?<case>[^\"]+)\">.*?</li>\\s*(?=<li class=\"case-row\"|</ul>)", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
