using Xunit.Abstractions;
using Xunit.Sdk;

namespace Policy.Storage.Tests;

/// <summary>Marks a contract store class whose tests need a PostgreSQL server.</summary>
public interface INeedsPostgres
{
}

/// <summary>
/// A contract test. It runs for every store; for stores that need PostgreSQL it is reported as skipped, with the reason,
/// when no server is configured outside CI (xunit 2 decides skips when it discovers tests, so a discoverer does it).
/// </summary>
[XunitTestCaseDiscoverer("Policy.Storage.Tests.ContractFactDiscoverer", "Policy.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping those of PostgreSQL stores without a server.</summary>
public sealed class ContractFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public ContractFactDiscoverer(IMessageSink diagnostics) => _diagnostics = diagnostics;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class.Interfaces.Any(i => i.Name == typeof(INeedsPostgres).FullName);
        if (needsPostgres && PostgresServer.ConnectionString is null && !PostgresServer.Required)
        {
            yield return new XunitSkippedDataRowTestCase(
                _diagnostics,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                PostgresServer.SkipReason);
            yield break;
        }

        yield return new XunitTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}
