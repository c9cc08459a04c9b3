// Recordings: load the video player only when the reader asks for it.
// Without this script the "Play the recording" link simply opens the video's own page.
(() => {
  const ALLOWED = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-video-embed] .video-start");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const box = link.closest("[data-video-embed]");
    const src = box.dataset.videoEmbed;
    if (!ALLOWED.test(src)) return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = box.dataset.videoTitle || "video";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    box.replaceChildren(frame);
    box.classList.add("is-playing");
    frame.focus();
  });
})();
