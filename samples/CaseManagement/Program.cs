using CaseManagement.Assets;
using CaseManagement.Availability;
using CaseManagement.Cases;
using CaseManagement.Notifications;
using CaseManagement.Officers;
using CaseManagement.Storage;
using CaseManagement.Testing;
using Force.Policies;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Policy.Runtime.Audit;
using Policy.Runtime.Availability;
using Policy.Runtime.Cases;
using Policy.Runtime.Monitoring;
using Policy.Runtime.Notifications;
using Policy.Runtime.Storage;

var builder = WebApplication.CreateBuilder(args);
var testing = builder.Environment.IsEnvironment("Testing");

// Everything the application keeps lives in one folder: App_Data beside the project unless Data:Folder says otherwise.
var dataFolder = Path.GetFullPath(builder.Configuration["Data:Folder"] ?? "App_Data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataFolder);

// One clock for the whole application. Only the Testing environment's clock can be moved.
TimeProvider clock = testing ? new TestClock() : TimeProvider.System;
var officers = OfficerDirectory.LoadOrSeed(dataFolder);
var absences = await StoredAbsenceRegister.LoadAsync(dataFolder);
var policies = new PolicyCatalog(
[
    RassoInvestigation.Policy,
    GeneralInvestigation.Policy,
    IncidentAttendance.Policy,
    SpecialScheme.Policy,
    VictimContact.Policy,
]);
var auditKeys = AuditKeys.Load(builder.Configuration, dataFolder);
var store = CaseStores.Create(builder.Configuration.GetConnectionString("Cases"), dataFolder, auditKeys);
await store.InitializeAsync();
await DemoCases.SeedOnceAsync(store, policies, absences, clock);

builder.Services.AddSingleton(clock);
if (clock is TestClock testClock)
{
    builder.Services.AddSingleton(testClock);
}

builder.Services.AddSingleton(officers);
builder.Services.AddSingleton<IAbsenceRegister>(absences);
builder.Services.AddSingleton(policies);
builder.Services.AddSingleton<ICaseStore>(_ => store);
builder.Services.AddSingleton<INotificationSink, LoggedNotificationSink>();
builder.Services.AddSingleton(services => new CaseService(
    services.GetRequiredService<ICaseStore>(),
    policies,
    clock,
    absences,
    services.GetRequiredService<INotificationSink>(),
    services.GetRequiredService<ILogger<CaseService>>()));
builder.Services.AddSingleton<CaseBoard>();

// The runtime's deadline monitor records breaches and escalations as they fall due, in this process.
builder.Services.AddSingleton(services => new DeadlineMonitor(
    services.GetRequiredService<CaseService>(),
    new DeadlineMonitorOptions(),
    services.GetRequiredService<ILogger<DeadlineMonitor>>()));
builder.Services.AddHostedService(services => services.GetRequiredService<DeadlineMonitor>());

// The audit monitor verifies the record and signs checkpoints over it; /health reports what it last found.
builder.Services.AddSingleton(auditKeys);
builder.Services.AddSingleton(services => new AuditMonitor(
    services.GetRequiredService<ICaseStore>(),
    auditKeys,
    new AuditMonitorOptions(),
    clock,
    services.GetRequiredService<ILogger<AuditMonitor>>()));
builder.Services.AddHostedService(services => services.GetRequiredService<AuditMonitor>());
builder.Services.AddHealthChecks().AddCheck<AuditHealthCheck>("audit");

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
    .AddPolicy(SignedInOfficer.SupervisesPolicy, policy => policy.RequireClaim(SignedInOfficer.SupervisesClaim, "yes"));
builder.Services.AddAntiforgery(options => options.Cookie.Name = "case-management-antiforgery");

// Sign-in cookies and antiforgery tokens stay valid across restarts: their keys are kept in the data folder.
builder.Services.AddDataProtection()
    .SetApplicationName("CaseManagement")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AllowAnonymousToPage("/SignIn");
    options.Conventions.AuthorizeFolder("/Supervision", SignedInOfficer.SupervisesPolicy);
});

var app = builder.Build();

app.Use(async (context, next) =>
{
    var headers = context.Response.Headers;
    headers.XContentTypeOptions = "nosniff";
    headers.XFrameOptions = "DENY";
    headers["Referrer-Policy"] = "no-referrer";
    headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    await next();
});
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
}

app.UseStatusCodePages();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapSiteAssets();
app.MapRazorPages();
app.MapHealthChecks("/health").AllowAnonymous();
if (testing)
{
    app.MapTestClock();
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
