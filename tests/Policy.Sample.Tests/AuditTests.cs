using System.Net;
using Microsoft.Data.Sqlite;

namespace Policy.Sample.Tests;

/// <summary>The running application verifies its own record: the case page says whether the case's chain verifies, and /health what the audit monitor found.</summary>
public sealed class AuditTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task The_case_page_shows_the_chain_verifying_until_an_entry_is_changed_in_the_database()
    {
        using var client = await SignedInClient.SignInAsync(app, "dc.patel");
        const string path = "/cases/" + SignedInClient.RassoCase + "?purpose=Investigating%20this%20case";
        Assert.Contains("id=\"chain-status\" data-verified=\"yes\"", await client.GetStringAsync(path), StringComparison.Ordinal);

        // The monitor verifies the whole store as the application starts; until it has, the check says "Degraded".
        var health = "";
        for (var attempt = 0; attempt < 100 && health is "" or "Degraded"; attempt++)
        {
            using var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            health = await response.Content.ReadAsStringAsync();
            if (health == "Degraded")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("Healthy", health);

        // Someone with the database file changes who opened the case.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataFolder, "cases.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE audit SET actor_id = 'someone-else' WHERE case_id = '{SignedInClient.RassoCase}' AND position = 1";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        Assert.Contains("id=\"chain-status\" data-verified=\"no\"", page, StringComparison.Ordinal);
        Assert.Contains($"case '{SignedInClient.RassoCase}', position 1: The entry at position 1 has been altered", page, StringComparison.Ordinal);
    }
}
