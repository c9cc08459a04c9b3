// The rich-text editor's media extensions (django-prose-editor custom extensions; settings
// DJANGO_PROSE_EDITOR_EXTENSIONS loads this module, core/richtext.py configures it):
//   ImageFigure  <figure class="image"><img src alt width height>
//                <figcaption>caption <span class="credit">credit</span></figcaption></figure>
//   Embed        <figure class="embed" data-provider data-id><a href>address</a></figure>
//   PullQuote    <blockquote class="pullquote">
// exactly what core/sanitize.py keeps. Images are uploaded to core.editor.image, embed
// addresses checked by core.editor.embed; the dialogs' texts come translated in the options.
import {
  Extension,
  Node,
  canInsertNode,
  crel,
  updateAttrsDialog,
} from "django-prose-editor/editor"

const IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"

const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

// A JSON request to the site; a refusal rejects with the site's message.
const ask = async (url, options, failed) => {
  let response
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      ...options,
    })
  } catch {
    throw new Error(failed)
  }
  let data = {}
  try {
    data = await response.json()
  } catch {
    data = {}
  }
  if (!response.ok) throw new Error(data.error || failed)
  return data
}

// A message in the open dialog, above its buttons (replacing an earlier one).
const showMessage = (form, message) => {
  form.querySelector(".prose-editor-message")?.remove()
  if (!message) return
  const note = crel("p", {
    className: "prose-editor-message",
    role: "alert",
    textContent: message,
  })
  form.querySelector(".prose-editor-dialog-buttons").before(note)
}

const selectedNode = (state, name) =>
  state.selection.node?.type.name === name ? state.selection.node : null

// Figures and embeds are one block each, selected, moved and edited whole.
const ATOM_BLOCK = { group: "block", atom: true, draggable: true, selectable: true }

const text = (extension, key) => extension.options.text?.[key] || key

// A button of the menu's "nodes" group that runs the extension's `command`.
const defineButton = (
  extension,
  { buttons, menu },
  { icon, command, active = (editor) => editor.isActive(extension.name) },
) => {
  menu.defineItem({
    name: extension.name,
    groups: "nodes",
    button: buttons.material(icon, text(extension, "button")),
    command: (editor) => editor.chain().focus()[command]().run(),
    active,
    enabled: (editor) => editor.can()[command](),
  })
}

// Insert a block at the cursor, or after the selected figure or embed (never replacing it).
const insertBlock = (editor, content) => {
  const { selection } = editor.state
  const chain = editor.chain().focus()
  return (
    selection.node ? chain.insertContentAt(selection.to, content) : chain.insertContent(content)
  ).run()
}

export const ImageFigure = Node.create({
  name: "imageFigure",
  ...ATOM_BLOCK,

  addOptions() {
    return { uploadUrl: "", text: {} }
  },

  addAttributes() {
    const fromImage = (name) => (figure) =>
      figure.querySelector("img")?.getAttribute(name) || null
    const captionText = (figure) => {
      const caption = figure.querySelector("figcaption")
      if (!caption) return ""
      const copy = caption.cloneNode(true)
      copy.querySelector(".credit")?.remove()
      return copy.textContent.trim()
    }
    return {
      src: { default: "", parseHTML: fromImage("src"), rendered: false },
      alt: { default: "", parseHTML: fromImage("alt"), rendered: false },
      width: { default: null, parseHTML: fromImage("width"), rendered: false },
      height: { default: null, parseHTML: fromImage("height"), rendered: false },
      caption: { default: "", parseHTML: captionText, rendered: false },
      credit: {
        default: "",
        parseHTML: (figure) =>
          figure.querySelector("figcaption .credit")?.textContent.trim() || "",
        rendered: false,
      },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure",
        priority: 60,
        getAttrs: (figure) =>
          !figure.classList.contains("embed") && figure.querySelector("img")
            ? null
            : false,
      },
    ]
  },

  renderHTML({ node }) {
    const { src, alt, width, height, caption, credit } = node.attrs
    const image = ["img", { src, alt, ...(width ? { width } : {}), ...(height ? { height } : {}) }]
    const captionParts = []
    if (caption) captionParts.push(caption)
    if (caption && credit) captionParts.push(" ")
    if (credit) captionParts.push(["span", { class: "credit" }, credit])
    return captionParts.length
      ? ["figure", { class: "image" }, image, ["figcaption", {}, ...captionParts]]
      : ["figure", { class: "image" }, image]
  },

  addCommands() {
    return {
      editImageFigure:
        () =>
        ({ editor, state, dispatch }) => {
          const existing = selectedNode(state, this.name)
          if (!dispatch) return !!existing || canInsertNode(state, state.schema.nodes[this.name])
          const t = (key) => text(this, key)
          let uploaded = null

          const upload = ({ input }) => {
            const form = input.closest("form")
            const button = form.querySelector(".prose-editor-field-with-picker button")
            const chooser = crel("input", { type: "file", accept: IMAGE_TYPES })
            chooser.addEventListener("change", async () => {
              const file = chooser.files[0]
              if (!file) return
              const body = new FormData()
              body.append("image", file)
              showMessage(form, "")
              button.disabled = true
              button.textContent = t("uploading")
              try {
                uploaded = await ask(
                  this.options.uploadUrl,
                  { method: "POST", body },
                  t("failed"),
                )
                input.value = uploaded.url
                form.querySelector("input[name=alt]")?.focus()
              } catch (error) {
                showMessage(form, error.message)
              } finally {
                button.disabled = false
                button.textContent = t("upload")
              }
            })
            chooser.click()
          }

          const properties = {
            src: {
              type: "string",
              title: t("image"),
              description: t("imageHelp"),
              required: true,
              picker: { label: t("upload"), handler: upload },
            },
            alt: { type: "string", title: t("alt"), description: t("altHelp"), required: true },
            caption: { type: "string", title: t("caption") },
            credit: { type: "string", title: t("credit"), description: t("creditHelp") },
          }
          const current = existing?.attrs || {}
          updateAttrsDialog(properties, {
            title: existing ? t("edit") : t("insert"),
            submitText: existing ? t("update") : t("submit"),
          })(editor, current).then((values) => {
            if (!values) return
            const src = values.src.trim()
            const size =
              uploaded?.url === src
                ? { width: uploaded.width, height: uploaded.height }
                : src === current.src
                  ? { width: current.width, height: current.height }
                  : { width: null, height: null }
            const attrs = {
              src,
              alt: values.alt.trim(),
              caption: values.caption.trim(),
              credit: values.credit.trim(),
              ...size,
            }
            if (!attrs.src || !attrs.alt) return
            if (existing) {
              editor.chain().focus().updateAttributes(this.name, attrs).run()
            } else {
              insertBlock(editor, { type: this.name, attrs })
            }
          })
          return true
        },
    }
  },

  addMenuItems(menu) {
    defineButton(this, menu, { icon: "add_photo_alternate", command: "editImageFigure" })
  },
})

export const Embed = Node.create({
  name: "embed",
  ...ATOM_BLOCK,

  addOptions() {
    return { embedUrl: "", text: {} }
  },

  addAttributes() {
    return {
      provider: {
        default: "",
        parseHTML: (figure) => figure.getAttribute("data-provider") || "",
        rendered: false,
      },
      embedId: {
        default: "",
        parseHTML: (figure) => figure.getAttribute("data-id") || "",
        rendered: false,
      },
      url: {
        default: "",
        parseHTML: (figure) => figure.querySelector("a")?.getAttribute("href") || "",
        rendered: false,
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure.embed", priority: 70 }]
  },

  renderHTML({ node }) {
    const { provider, embedId, url } = node.attrs
    return [
      "figure",
      { class: "embed", "data-provider": provider, "data-id": embedId },
      ["a", { href: url }, url],
    ]
  },

  // In the editor: what it is ("YouTube video") and its address; the text stores renderHTML's.
  addNodeView() {
    return ({ node }) => {
      const { provider, url } = node.attrs
      const dom = crel("figure", { className: "embed", "data-provider": provider }, [
        crel("strong", { textContent: this.options.text.providers?.[provider] || provider }),
        crel("span", { textContent: url }),
      ])
      return { dom }
    }
  },

  addCommands() {
    return {
      insertEmbed:
        () =>
        ({ editor, state, dispatch }) => {
          if (!dispatch) return canInsertNode(state, state.schema.nodes[this.name])
          const t = (key) => text(this, key)
          const openDialog = (address, problem) => {
            const properties = {
              address: {
                type: "string",
                format: "url",
                title: t("address"),
                description: t("addressHelp"),
                required: true,
              },
            }
            const answer = updateAttrsDialog(properties, {
              title: t("title"),
              submitText: t("submit"),
            })(editor, { address })
            // The dialog is open now: say why the last address was refused.
            const form = editor.view.dom.parentElement.querySelector(".prose-editor-dialog form")
            if (problem && form) showMessage(form, problem)
            answer.then(async (values) => {
              if (!values) return
              const address = values.address.trim()
              const query = new URLSearchParams({ url: address })
              try {
                const found = await ask(`${this.options.embedUrl}?${query}`, {}, t("failed"))
                insertBlock(editor, {
                  type: this.name,
                  attrs: { provider: found.provider, embedId: found.id, url: found.url },
                })
              } catch (error) {
                openDialog(address, error.message)
              }
            })
          }
          openDialog("", "")
          return true
        },
    }
  },

  addMenuItems(menu) {
    defineButton(this, menu, { icon: "ondemand_video", command: "insertEmbed" })
  },
})

export const PullQuote = Extension.create({
  name: "pullQuote",

  addOptions() {
    return { text: {} }
  },

  addGlobalAttributes() {
    return [
      {
        types: ["blockquote"],
        attributes: {
          class: {
            default: null,
            parseHTML: (element) =>
              element.classList.contains("pullquote") ? "pullquote" : null,
            renderHTML: (attributes) =>
              attributes.class === "pullquote" ? { class: "pullquote" } : {},
          },
        },
      },
    ]
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ editor, commands }) => {
          if (editor.isActive("blockquote", { class: "pullquote" })) {
            return commands.lift("blockquote")
          }
          if (editor.isActive("blockquote")) {
            return commands.updateAttributes("blockquote", { class: "pullquote" })
          }
          return commands.wrapIn("blockquote", { class: "pullquote" })
        },
    }
  },

  addMenuItems(menu) {
    defineButton(this, menu, {
      icon: "campaign",
      command: "togglePullQuote",
      active: (editor) => editor.isActive("blockquote", { class: "pullquote" }),
    })
  },
})
