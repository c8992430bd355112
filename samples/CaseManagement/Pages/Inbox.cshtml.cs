using CaseManagement.Notifications;
using CaseManagement.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseManagement.Pages;

/// <summary>The signed-in officer's notifications, with the unread ones marked; the count is in the navigation.</summary>
public sealed class InboxModel(NotificationStore store, OfficerDirectory officers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StoredNotification> Items { get; private set; } = [];

    public void OnGet() => Items = store.InboxOf(officers.Require(User).Id);

    public IActionResult OnPostRead(long? id)
    {
        store.MarkRead(officers.Require(User).Id, id, clock.GetUtcNow());
        return RedirectToPage();
    }
}
