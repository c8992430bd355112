namespace Policy.LanguageServer.Handlers;

/// <summary>
/// Every handler answers through here: a defect in a handler becomes an empty answer and one line in the log, never a
/// dead server, so the policy owner keeps typing with the other features working.
/// </summary>
internal static class Guard
{
    public static TextWriter Log { get; set; } = Console.Error;

    public static T? Run<T>(string request, Func<T?> answer)
        where T : class
    {
        try
        {
            return answer();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not StreamJsonRpc.LocalRpcException)
        {
            Log.WriteLine($"policy-language-server: {request} failed: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }
}
