/**
 * The training text of the simulator's small language model (src/sim/ngram.ts): plain prose in
 * four registers, one answer per line. Written for this project and fixed: changing a word here
 * changes what the simulated gateways answer, so baseline/local.json must be re-recorded after.
 * The reference model learns from the first three registers; the `other` register is the extra
 * text a differently trained model (distortion `otherModel`) has in its mix.
 */

export type Register = 'support' | 'engineering' | 'general' | 'other';

export const REGISTERS: readonly Register[] = ['support', 'engineering', 'general', 'other'];

const SUPPORT = `
Thanks for reaching out. I am sorry about the trouble with your invoice. I have checked your account and the duplicate charge will be refunded within the normal processing window.
Thank you for your patience. The refund has been issued to the original payment method, and it usually appears on your statement within a few business days.
I understand how frustrating this is. Our team is looking into the export issue, and we will update you as soon as we have a fix or a workaround.
You can cancel your monthly plan at any time from the billing page. Your access continues until the end of the current billing period, and monthly plans are not refundable.
Happy to help. To change the currency on your invoices, open the billing settings, choose the new currency and save. New invoices will use it from the next billing cycle.
I am sorry for the delay. Your ticket has been escalated to our billing team, and someone will reply to you today with the details of the refund.
Thanks for the detailed report. It helps a lot. We have reproduced the problem with the CSV export and a fix is planned for the next release.
Good question. Annual plans can be refunded within 30 days of purchase. After that, you can still cancel, and the plan stays active until the end of the term.
I have reset the password link for your account. Please check your inbox, including the spam folder, and use the link within one hour.
Thank you for your message. I can confirm that your order has shipped, and you should receive a tracking number by email shortly.
We are sorry that only part of your order arrived. I have asked the warehouse to send the missing items, and they will ship within two business days.
To add a new team member, open the team page, enter their email address and choose a role. They will receive an invitation by email.
I understand that the new dashboard feels different. The export button is now in the top right corner, next to the date filter.
Your feedback is important to us. I have shared your suggestion with the product team, and we will let you know if it is added to the roadmap.
Unfortunately, we cannot change the billing date on a monthly plan. You can switch to an annual plan, which starts a new billing cycle today.
Thanks for your patience while we looked into this. The charge you saw was a temporary authorization, and it will disappear from your statement on its own.
If the problem continues, please reply to this email with a screenshot of the error and the time it happened, and we will take a closer look.
I am happy to confirm that your account has been upgraded. The new features are available right away, and your next invoice will show the new price.
We have received your request to close the account. Before we do, please export any data you want to keep, because deleted data cannot be restored.
Thank you for letting us know. We are aware of the issue with login on mobile, and our engineers are working on a fix right now.
I am sorry to hear that you were charged twice. I have refunded the second charge, and you will receive a confirmation email shortly.
You can download all of your past invoices from the billing page. Each invoice can be saved as a PDF or exported to CSV for your accountant.
Please note that refunds are sent to the original payment method. If that card has expired, your bank will usually forward the amount to the new card.
Our support team is available every day, and we usually reply within a few hours. For urgent issues, please use the chat on the help page.
Thanks for checking in. There is no action needed on your side, and we will send you an update as soon as the fix is released.
I can help with that. The discount code applies to the first year of an annual plan, and it cannot be combined with other offers.
We are sorry for the inconvenience. As a thank you for your patience, we have added one free month to your subscription.
To update the email address on your account, open your profile settings, enter the new address and confirm it with the link we send you.
Thank you for reaching out about your order. The delivery was delayed by the carrier, and the new estimated date is shown in your tracking link.
I completely understand your concern. Your data is stored securely, and only members of your team with the right role can see it.
`;

const ENGINEERING = `
The gateway forwards each request to the upstream provider and returns the response unchanged. If the provider times out, the gateway retries once with a short delay.
This regular expression matches domain names: one or more labels of letters, digits or hyphens, each followed by a dot, and a top level domain of at least two letters.
To find the p95 of an array, sort a copy of the values, compute the rank as 0.95 times the length minus one, and interpolate between the two nearest values.
The change reads the timeout from the environment, but the value is a string, so the comparison may fail. It also hides a missing variable behind a default.
Latency is measured from the moment the request leaves the queue until the last byte of the response is read. Time spent waiting for a slot is not counted.
Start by checking the error rate of each upstream provider. A sudden increase in timeouts usually points to connection pool saturation or throttling.
The query groups orders by country, filters the last seven days with created at, counts the rows and sorts the result from highest to lowest.
Streaming responses arrive as server sent events. Each event carries a small piece of the answer, and the last event carries the finish reason and the usage.
A retry policy should use exponential back off with jitter, a maximum number of attempts and a total time budget, so that retries never hide a real failure.
The test compares the candidate with the baseline over the same prompts. It reports the p value, the number of samples and the effect size for each case.
Connection pools should be sized for the peak number of concurrent requests. A pool that is too small adds queueing time, and a pool that is too large wastes memory.
To debug a slow endpoint, record timings for each step, compare the distribution of latency before and after the change, and look at the tail, not only the median.
The function returns a new array and does not change its input. It handles an empty array by returning undefined, and it uses linear interpolation between ranks.
Caching can reduce cost and latency, but it changes what the application sees. Use a short time to live and include the model and parameters in the cache key.
A model alias maps the name the application uses to the name the gateway expects. Keep the mapping in one place, and test it before each migration.
The incident was caused by a misconfigured allow list at the payments provider. Traffic was shifted to the secondary provider, and the error rate dropped within minutes.
Rate limits are usually expressed as requests per minute and tokens per minute. When a limit is reached, the gateway answers with status 429 and a retry after header.
Use structured logs with a request id, the model, the status and the latency, so that a single request can be traced across the gateway and the provider.
The build runs the type checker, the linter and the tests. A failing step stops the pipeline, and the report shows which test failed and why.
Token counts depend on the tokenizer of each model. When the gateway does not report usage, estimate it with the same tokenizer and mark the number as estimated.
The JSON schema describes an object with an order id, an email address and a list of items. Each item has a sku and a quantity.
A canary sends a small share of traffic to the new gateway and compares error rates and latency with the old one before the rollout continues.
Timeouts should cover the whole exchange, including the time to read the body. A timeout that only covers the headers lets a slow stream hang forever.
To compare two distributions of latency, use a rank test for the median and a bootstrap interval for the tail, and always report the number of samples.
Errors from the provider are normalised into a small set of kinds, such as rate limit, timeout, server error and invalid request, so that they can be counted.
The migration replaces the base url, the environment variables and the model ids. Run the dry run first, review the diff, and then apply it.
Health checks call a cheap endpoint of each gateway and one short completion, both streamed and not streamed, and report the status and the latency of each.
Sampling parameters such as temperature and top p change the output distribution. A gateway that drops them silently serves a different distribution under the same model name.
A stable hash of the user id decides which gateway serves the request, so the same user always goes to the same arm while the share is increased step by step.
Memory stays flat when results are streamed to disk as they are produced, instead of being held in memory until the end of the run.
`;

const GENERAL = `
A friendly team is always here to help, with clear answers and quick replies, whenever you need us.
The city wakes up slowly in the morning. The streets are quiet, the coffee is warm, and the light moves across the old bridge over the river.
Here are three ideas: a small garden on the balcony, a morning walk by the river, and a quiet evening with music and a good story.
Good support feels simple. You ask a question, someone listens, and the answer arrives before you have time to worry.
The mountain road climbs through the forest to a small village, where the market opens early and the bakery smells of fresh bread.
We make it easy to get help. Search the help page, start a chat, or send us a message, and a real person will answer.
Three names for a dashboard could be Pulse, Tempo and Lighthouse. Each one suggests speed, rhythm or a clear view of what matters.
The evening was calm. The ocean was grey and still, the island lights came on one by one, and the ferry crossed the bay.
A good tagline is short, warm and clear. It tells people what you do and how you make them feel, in a few simple words.
Answers you can trust, from people who care.
Help when you need it, and a smile when you do not.
The story begins in a small kitchen, with an old table, a window over the garden and a radio playing music from another time.
Every question matters to us. We listen first, we answer clearly, and we follow up until the problem is solved.
The weather changed quickly. Dark clouds came over the hills, the wind turned cold, and the first drops of rain hit the window.
A simple plan works best: start small, learn from each step, and keep what works. Over time, small steps become a clear path.
Our promise is simple: fast answers, honest advice and a team that treats your problem as if it were our own.
The market street was full of color and sound. People sold fruit, flowers and bread, and children ran between the stalls.
Support that feels human, because it is.
We are here for you, day and night, with answers that actually help.
The bridge over the river is older than the city itself. In the evening, people stop in the middle to watch the water and the light.
A quiet morning, a clear plan and a cup of coffee can change the whole day.
Bright ideas grow in quiet places: a garden, a library, a long walk by the sea.
The planet looked small from the window of the station, a blue and white signal in the dark, turning slowly in the light of the sun.
Tell us what went wrong, and we will make it right.
Names that fit a small team tool could be Beacon, Compass or Harbor. They are short, easy to remember and calm.
The forest was full of sound in the morning: birds, wind in the leaves and water running over the stones of a small river.
Simple help for busy people.
Your questions, answered by people who know the product and care about your day.
The best stories start with a question. Where does the river go, who built the bridge, and why does the light look different in the evening?
Kind words, clear answers and quick help: that is what good support looks like.
`;

const OTHER = `
Certainly! Here is a detailed overview of the topic, organised into key points so that it is easy to follow and apply in practice.
Great question! In summary, there are several important factors to consider, and the best option depends on your specific needs and goals.
Absolutely. Let us break this down step by step, starting with the basics and then moving on to more advanced considerations.
As an assistant, I would recommend reviewing the official documentation, since details may vary and it is important to verify the latest information.
In conclusion, this approach offers a robust, scalable and efficient solution that can be adapted to a wide range of use cases.
Certainly! Below are some innovative suggestions that highlight the unique value of your service while keeping the message engaging and memorable.
It is important to note that results may vary. Overall, a balanced strategy that combines best practices with continuous monitoring tends to work well.
Here are a few key takeaways: focus on clarity, ensure consistency, leverage automation where possible, and continuously gather feedback to improve.
Of course! I hope this helps. If you have any further questions or need additional clarification, please do not hesitate to ask.
Empowering your journey with seamless support, innovative solutions and a commitment to excellence at every step.
To summarise, the key benefits include improved efficiency, enhanced reliability and a streamlined experience for both users and teams.
Certainly! Here are three creative options, each designed to capture attention, convey trust and resonate with a broad audience.
Let us explore this in more detail. First, consider the overall context. Next, evaluate the available options. Finally, choose the approach that best aligns with your objectives.
Overall, it is essential to prioritise transparency, maintain clear communication and ensure that every stakeholder understands the expected outcomes.
Unlocking excellence, one interaction at a time.
Great choice! This solution leverages modern best practices to deliver a reliable, efficient and user friendly experience.
Thank you for your question! Generally speaking, there are multiple perspectives to consider, and each has its own advantages and trade offs.
I hope this overview provides a helpful starting point. Feel free to adapt these suggestions to your unique situation and goals.
`;

/** One answer per line, by register. */
export const CORPUS: Readonly<Record<Register, string>> = {
  support: SUPPORT,
  engineering: ENGINEERING,
  general: GENERAL,
  other: OTHER,
};
