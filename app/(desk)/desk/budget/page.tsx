import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { formatInZone, instantToWallTime, newsroomTimeZone } from "@/lib/scheduling/time-zone";
import { getStoryBudget, STAGE_LABELS } from "@/lib/workflow";

export const metadata: Metadata = { title: "Story budget" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function shiftDay(date: string, days: number) {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

// GET /desk/budget — every desk user: the day's stories by stage and planned time (?date=YYYY-MM-DD, newsroom time)
export default async function BudgetPage({ searchParams }: Props) {
  await requirePageUser("reporter", "/desk/budget");
  const timeZone = newsroomTimeZone();
  const requested = (await searchParams).date;
  const raw = Array.isArray(requested) ? requested[0] : requested;
  const today = instantToWallTime(new Date(), timeZone).slice(0, 10);
  const date = raw && DAY.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ? raw : today;
  const budget = await getStoryBudget(date, timeZone);
  return (
    <>
      <h1>Story budget for {date}</h1>
      <p>
        Times in {timeZone} (newsroom time). <Link href={`/desk/budget?date=${shiftDay(date, -1)}`}>Previous day</Link> ·{" "}
        <Link href={`/desk/budget?date=${shiftDay(date, 1)}`}>Next day</Link>
        {raw && raw !== date ? <span role="alert"> “{raw}” is not a date (YYYY-MM-DD): showing today.</span> : null}
      </p>
      {budget.stages.map(({ stage, stories }) => (
        <section key={stage} aria-labelledby={`budget-${stage}`}>
          <h2 id={`budget-${stage}`}>
            {STAGE_LABELS[stage]} ({stories.length})
          </h2>
          {stories.length === 0 ? (
            <p>None.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Story</th>
                  <th scope="col">Planned</th>
                  <th scope="col">Reporter</th>
                  <th scope="col">Editor</th>
                </tr>
              </thead>
              <tbody>
                {stories.map((story) => (
                  <tr key={story.articleId}>
                    <td>
                      <Link href={`/desk/articles/${story.articleId}`}>{story.headline}</Link>
                    </td>
                    <td>
                      {story.plannedAt ? (
                        <>
                          {story.planned === "scheduled" ? "Scheduled " : "Published "}
                          <time dateTime={story.plannedAt}>{formatInZone(story.plannedAt, timeZone)}</time>
                        </>
                      ) : (
                        "Not planned"
                      )}
                    </td>
                    <td>{story.reporter ?? "—"}</td>
                    <td>{story.editor ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
