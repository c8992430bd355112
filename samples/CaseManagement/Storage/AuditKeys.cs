using Policy.Runtime.Audit;

namespace CaseManagement.Storage;

/// <summary>
/// Where the audit key ring comes from: <c>Audit:KeyFile</c> (a key file), or <c>Audit:Keys</c> (the key text itself,
/// e.g. from an environment variable <c>Audit__Keys</c>). Without either, the demonstration makes a key file in the data
/// folder; a real deployment keeps its key away from the database it protects (see docs/audit.md).
/// </summary>
public static class AuditKeys
{
    public static AuditKeyRing Load(IConfiguration configuration, string dataFolder)
    {
        if (configuration["Audit:KeyFile"] is { Length: > 0 } keyFile)
        {
            return AuditKeyRing.FromFile(keyFile);
        }

        if (configuration["Audit:Keys"] is { Length: > 0 } keys)
        {
            return AuditKeyRing.Parse(keys, "The setting Audit:Keys");
        }

        var demo = Path.Combine(dataFolder, "audit.keys");
        if (!File.Exists(demo))
        {
            File.WriteAllText(demo, "# The demonstration's audit key. Keep a real one away from the database: see docs/audit.md.\n" + AuditKey.NewKeyLine("demo-1") + "\n");
            Console.WriteLine($"No Audit:KeyFile or Audit:Keys configured: made a demonstration audit key in {demo}.");
        }

        return AuditKeyRing.FromFile(demo);
    }
}
