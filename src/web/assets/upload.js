// Upload progress: sends the form with XMLHttpRequest so the bar can move,
// then shows the page the server answered with. Without this script the
// form still works; it just has no bar.
'use strict'

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('upload-form')
  const bar = document.getElementById('upload-progress')
  if (!form || !bar) return

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const request = new XMLHttpRequest()
    const button = form.querySelector('button[type=submit]')
    if (button) button.disabled = true
    bar.hidden = false
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100)
    })
    request.addEventListener('load', () => showAnswer(request))
    request.addEventListener('error', () => form.submit())
    request.open('POST', form.action)
    request.send(new FormData(form))
  })
})

function showAnswer(request) {
  if (request.status === 200 && request.responseURL) {
    window.location.assign(request.responseURL)
    return
  }
  const answer = new DOMParser().parseFromString(
    request.responseText,
    'text/html',
  )
  const main = answer.querySelector('main')
  const current = document.querySelector('main')
  if (main && current) {
    current.replaceWith(document.importNode(main, true))
    // The new form needs the progress bar too.
    document.dispatchEvent(new Event('DOMContentLoaded'))
  } else {
    window.location.reload()
  }
}
