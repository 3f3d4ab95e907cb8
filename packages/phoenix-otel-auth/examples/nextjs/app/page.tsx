export const dynamic = "force-dynamic"; // rendered per request, so each request is traced

export default function Home() {
  return <main>hello from the traced Next.js example</main>;
}
