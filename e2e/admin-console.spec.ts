// Journey: the admin console. The admin creates a team, adds Alice (found
// with the people picker) and Bob (by email), removes Bob, then announces to
// the team: the form says whom it reaches and shows the notification before
// it is sent, asks to confirm the count, and reports it sent. Alice's profile
// lists the team and follows its rename live. Bob is refused the console.
import { expect, test } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

test("an admin manages a team and sends it an announcement; others get a 403 page", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const teamName = `Support ${Date.now()}`;

  const create = admin.getByRole("form", { name: "Create a team" });
  await create.getByLabel("New team name").fill(teamName);
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.getByText(`Created “${teamName}”.`)).toBeVisible();
  // The same name again is refused next to the field.
  await create.getByLabel("New team name").fill(teamName.toUpperCase());
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.getByText("A team with that name already exists")).toBeVisible();

  // The new team is in the list, with its members panel open.
  const team = admin.getByRole("listitem", { name: teamName });
  await expect(team).toBeVisible();
  await expect(team.getByRole("button", { name: `Hide members of ${teamName}` })).toBeVisible();
  await expect(team.getByText("Nobody in this team yet.")).toBeVisible();
  await team.getByLabel(`Or find a person to add to ${teamName}`).fill("alice");
  await team.getByRole("button", { name: "Add Alice (alice@example.com)" }).click();
  await expect(team.getByText(`Added Alice to ${teamName}.`)).toBeVisible();
  await team.getByLabel("Add by email").fill(demo.bob.email);
  await team.getByRole("button", { name: "Add member" }).click();
  const members = team.getByRole("list", { name: `Members of ${teamName}` });
  await expect(members.getByRole("listitem")).toHaveCount(2);
  await team.getByRole("button", { name: `Remove Bob from ${teamName}` }).click();
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await expect(members).toContainText("Alice");
  await expect(team).toContainText("1 member");

  const form = admin.getByRole("form", { name: "Send an announcement" });
  await form.getByLabel("A team", { exact: true }).check();
  await form.getByLabel("Team", { exact: true }).selectOption({ label: `${teamName} (1)` });
  await expect(form.getByTestId("announcement-reach")).toContainText("Will reach 1 person (Alice)");
  const headline = `Standup moved ${Date.now()}`;
  await form.getByLabel("Headline").fill(headline);
  await form.getByLabel("Details (optional)").fill("Now at 10:00 in the big room.");
  await form.getByLabel("Link to open (optional)").fill("not a link");
  await expect(form.getByText("Use a path like /inbox or a full http(s) URL")).toBeVisible();
  await form.getByLabel("Link to open (optional)").fill("/inbox");
  await form.getByLabel("Urgent (ignores mutes and quiet hours)").check();
  const preview = form.getByTestId("announcement-preview");
  await expect(preview).toContainText(headline);
  await expect(preview).toContainText("Now at 10:00 in the big room.");
  await expect(preview).toContainText("Urgent");
  await expect(preview).toContainText("From Ada Admin");

  await form.getByRole("button", { name: "Send announcement…" }).click();
  const confirm = form.getByRole("group", { name: "Confirm sending" });
  await expect(confirm).toContainText(`Send “${headline}” to 1 person?`);
  await confirm.getByRole("button", { name: "Yes, send to 1 person" }).click();
  await expect(form.getByText("Sent to 1 person.")).toBeVisible();

  await admin.reload();
  await expect(admin.getByTestId("audit-entry").first()).toContainText("sent an announcement to");

  // Alice sees her team on her profile, and its new name without a reload.
  const alice = await signedInPage(browser, demo.alice, "/profile");
  const myTeams = alice.getByTestId("my-teams");
  await expect(myTeams).toContainText(teamName);
  await expect(myTeams).toContainText("1 member");
  const renamed = `${teamName} renamed`;
  await admin.getByRole("button", { name: `Rename ${teamName}` }).click();
  const rename = admin.getByRole("form", { name: `Rename ${teamName}` });
  await rename.getByLabel("Team name").fill(renamed);
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(myTeams).toContainText(renamed);

  // Bob is not an admin: the console is a 403 page for him.
  const bob = await signedInPage(browser, demo.bob, "/");
  const response = await bob.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(bob.getByTestId("forbidden")).toBeVisible();
  await expect(bob.getByRole("form", { name: "Send an announcement" })).toHaveCount(0);
});
