using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Runtime.Cases;

namespace Policy.Runtime.Hosting;

/// <summary>
/// Fills in, once, in the background as the host starts, the caseload weights of cases saved before the store kept
/// them (<see cref="CaseService.IndexCaseloadsAsync"/>), so that after an upgrade the officers holding such cases
/// have a known caseload again without waiting for each case's next save. Registered by <c>AddPolicy</c>; it finds
/// nothing to do on a store created with the caseload index, or one that has none.
/// </summary>
public sealed class CaseloadIndexer(CaseService cases, ILogger<CaseloadIndexer>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>How many cases the last run filled in; null until it has finished.</summary>
    public int? Filled { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Filled = await cases.IndexCaseloadsAsync(stoppingToken).ConfigureAwait(false);
            if (Filled > 0)
            {
                _logger.LogInformation("Filled in the caseload weights of {Count} cases saved before the store kept them.", Filled);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Not fatal: those cases' officers keep an unknown caseload until each case is next saved.
            _logger.LogError(exception, "Could not fill in the caseload weights of cases saved before the store kept them; each is filled in when it is next saved.");
        }
    }
}
