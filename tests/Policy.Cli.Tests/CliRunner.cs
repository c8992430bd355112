namespace Policy.Cli.Tests;

/// <summary>Runs the tool in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    /// <summary>The clone's root folder (the one holding Policy.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Policy.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Policy.sln not found above the test assembly.");
    }

    public static string WriteTemp(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policy-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public const string Victims = """
        policy VictimUpdates "Keeping victims informed" {
          version "2025.02"
          calendar england-and-wales
          source IOPC "IOPC recommendations, November 2024"
          role Supervisor "Investigation supervisor"
          role SOIT "Sexual Offences Investigative Trained officer" assigned
          role CrimeManager "BCU Crime Manager"
          state Open initial
          state Closed final
          action Allocate by Supervisor in Open {
            record soit: officer
            assign SOIT = soit
            cite IOPC "allocation"
          }
          action RecordKeyUpdate "Record a key update" by Supervisor in Open { record detail: text }
          action InformVictim "Inform the victim" by SOIT in Open { record summary: text }
          action Close by Supervisor from Open to Closed { record reason: text }
          deadline VictimUpdate "The victim is told of each key update" {
            starts each RecordKeyUpdate
            SOIT must InformVictim within 1 working day
            escalate to Supervisor, then to CrimeManager after 2 working days
            cite IOPC "a significant key update such as a positive DNA match"
          }
          rule NoClosure {
            forbid Close while VictimUpdate is open "The victim must be told of every key update before the investigation is closed."
            cite IOPC "closure"
          }
        }
        """;
}
