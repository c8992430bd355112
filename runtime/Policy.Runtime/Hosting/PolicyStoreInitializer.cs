using Microsoft.Extensions.Hosting;
using Policy.Runtime.Storage;

namespace Policy.Runtime.Hosting;

/// <summary>
/// Creates or migrates the store's schema while the host starts, before any hosted service's <c>StartAsync</c> (so the
/// monitors never meet an unmigrated database).
/// </summary>
internal sealed class PolicyStoreInitializer(ICaseStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
