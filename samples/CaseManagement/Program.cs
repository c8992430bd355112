using CaseManagement.Assets;
using CaseManagement.Availability;
using CaseManagement.Cases;
using CaseManagement.Notifications;
using CaseManagement.Officers;
using CaseManagement.Security;
using CaseManagement.Storage;
using CaseManagement.Telemetry;
using CaseManagement.Testing;
using CaseManagement.Work;
using Force.Policies;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Hosting;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;

var builder = WebApplication.CreateBuilder(args);
var testing = builder.Environment.IsEnvironment("Testing");

// The application's own settings, read once: one the binder cannot read stops the start with a message naming it.
var smtp = new SmtpOptions();
try
{
    PolicySettings.Bind(builder.Configuration, "Smtp", smtp);
    builder.Services.AddPolicyTelemetry(builder.Configuration);
    builder.Services.AddSignInThrottle(builder.Configuration);
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine($"Case management cannot start: {exception.Message}");
    return 1;
}

// Everything the application keeps lives in one folder: App_Data beside the project unless Data:Folder says otherwise.
var dataFolder = Path.GetFullPath(builder.Configuration["Data:Folder"] ?? "App_Data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataFolder);

// One clock for the whole application. Only the Testing environment's clock can be moved.
TimeProvider clock = testing ? new TestClock() : TimeProvider.System;
builder.Services.AddSingleton(clock);
if (clock is TestClock testClock)
{
    builder.Services.AddSingleton(testClock);
}

// The runtime: the policies in policies/, the store, the deadline and audit monitors and their health checks, with
// the settings of the "Policy" section of appsettings.json. The application's own absence register, notification
// sink, clock and audit keys (registered here) are the ones it uses.
builder.Services.AddPolicy(policy => policy.AddPolicies(typeof(RassoInvestigation).Assembly))
    .UseConfiguredStore(builder.Configuration.GetConnectionString("Cases"), dataFolder)
    .AddDeadlineMonitor()
    .AddAuditMonitor()
    .AddHealthChecks();
builder.Services.AddSingleton(AuditKeys.Load(builder.Configuration, dataFolder));
var officerDirectory = OfficerDirectory.LoadOrSeed(dataFolder);
builder.Services.AddSingleton(officerDirectory);
builder.Services.AddSingleton<IOfficerRoles>(officerDirectory);
builder.Services.AddSingleton(TeamDirectory.LoadOrSeed(dataFolder, officerDirectory));
var absenceRegister = await StoredAbsenceRegister.LoadAsync(dataFolder);
builder.Services.AddSingleton(absenceRegister);
builder.Services.AddSingleton<IAbsenceRegister>(absenceRegister);
builder.Services.AddSingleton<NotificationText>();
builder.Services.AddSingleton<NotificationRecipients>();
builder.Services.AddSingleton(Options.Create(smtp));
builder.Services.AddSingleton(new NotificationStore(dataFolder));
builder.Services.AddSingleton<OutboxSender>();
builder.Services.AddHostedService(services => services.GetRequiredService<OutboxSender>());
builder.Services.AddSingleton<INotificationSink, InboxNotificationSink>();
builder.Services.AddSingleton<CaseBoard>();
builder.Services.AddSingleton(new CaseSearch(dataFolder));
builder.Services.AddSingleton<IndexedDueWork>();
builder.Services.AddSingleton<IDueWork>(provider => provider.GetRequiredService<IndexedDueWork>());
builder.Services.AddSingleton(provider => new SignInLockout(provider.GetRequiredService<TimeProvider>(), dataFolder));

// No request larger than every form's limits together is read at all (a 2 MB "entry" is refused before it is parsed).
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = InputLimits.RequestBodyBytes);

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.LoginPath = "/signin";
        options.LogoutPath = "/signout";
        options.AccessDeniedPath = "/denied";
        options.Cookie.Name = "case-management";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
    });
builder.Services.AddAuthorizationBuilder()
    // Nothing can be read or done without signing in, unless a page says otherwise.
    .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(SignedInOfficer.SupervisesPolicy, policy => policy.RequireClaim(SignedInOfficer.SupervisesClaim, "yes"))
    .AddPolicy(SignedInOfficer.StandardsPolicy, policy => policy.RequireRole("ProfessionalStandards"));
builder.Services.AddAntiforgery(options => options.Cookie.Name = "case-management-antiforgery");

// Sign-in cookies and antiforgery tokens stay valid across restarts: their keys are kept in the data folder.
builder.Services.AddDataProtection()
    .SetApplicationName("CaseManagement")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AllowAnonymousToPage("/SignIn");
    options.Conventions.AuthorizeFolder("/Supervision", SignedInOfficer.SupervisesPolicy);
    options.Conventions.AuthorizeFolder("/Standards", SignedInOfficer.StandardsPolicy);
});

var app = builder.Build();

try
{
    // The demonstration's cases, made once; the runtime would migrate the store as the host starts, but seeding needs it first.
    var store = app.Services.GetRequiredService<ICaseStore>();
    await store.InitializeAsync();
    await DemoCases.SeedOnceAsync(store, app.Services.GetRequiredService<PolicyCatalog>(), app.Services.GetRequiredService<IAbsenceRegister>(), app.Services.GetRequiredService<CaseSearch>(), clock, app.Services.GetRequiredService<IOfficerRoles>());
}
catch (OptionsValidationException exception)
{
    // A bad setting is the operator's to fix: say which, without a stack trace.
    Console.Error.WriteLine($"Case management cannot start: {exception.Message}");
    return 1;
}

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    // A request that cannot be read (too large, malformed) keeps its own status; anything else is a 500. Either way the
    // officer gets the application's page, never a stack trace.
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = "/error",
        StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
    });
    app.UseHsts();
}

// 404, 400, 403, 429 and the rest are shown in the application's layout, saying what to do next.
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseRequestSizeLimit();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.MapSiteAssets();
app.MapRazorPages();
app.MapHealthChecks("/health").AllowAnonymous();
if (testing)
{
    app.MapTestClock();
    app.MapTestMonitor();
    app.MapTestScale();
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses)
    {
        Console.WriteLine($"Case management is running. Open {address} in a browser (Ctrl+C stops it).");
    }

    Console.WriteLine($"Data folder: {dataFolder}. Sign in as any demonstration officer (e.g. ps.shah) with the password '{OfficerDirectory.DemoPassword}'.");
});

await app.RunAsync();
return 0;
